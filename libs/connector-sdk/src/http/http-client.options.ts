import { SwitchboardError } from '@switchboard/errors';
import type { FieldError } from '@switchboard/errors';
import type { ConnectorLogger } from '../logging';
import type { CircuitBreakerOptions } from './circuit-breaker';
import { DEFAULT_CIRCUIT_BREAKER } from './circuit-breaker';
import type { ConnectorHttpStatus } from './client-status';
import type { HostGuardOptions } from './host-guard';
import type { HttpAuth } from './http-auth';
import type { RetryOptions } from './retry-policy';
import { DEFAULT_RETRY } from './retry-policy';

/**
 * The per-instance request budget, enforced by a RequestBudget. One budget per client: every
 * poller, webhook hook and action of the instance shares it.
 */
export interface RateLimitOptions {
  /** Requests in flight at once. */
  maxConcurrent?: number;
  /** Requests started per second: spread evenly up to 50/s, above that in bursts of at most a quarter second's worth. */
  requestsPerSecond?: number;
}

/** Options of {@link ConnectorHttpClient}. Only `baseUrl` is required. */
export interface ConnectorHttpClientOptions extends HostGuardOptions {
  /** The vendor's API root, e.g. `https://acme.atlassian.net` or `https://itsm.local/redmine`. */
  baseUrl: string;
  auth?: HttpAuth;
  /** Per attempt, from sending to having the whole body. Default 15 s. */
  timeoutMs?: number;
  /** Default `Switchboard`. Some vendors (GitHub) reject requests without one. */
  userAgent?: string;
  /** Sent with every request (auth headers and per-request headers win). */
  headers?: Readonly<Record<string, string>>;
  retry?: Partial<RetryOptions>;
  rateLimit?: RateLimitOptions;
  /** `false` turns the breaker off (e.g. for a one-shot connection test). */
  circuitBreaker?: Partial<CircuitBreakerOptions> | false;
  /** Values to redact from logs and errors: the instance's secret config values. */
  secrets?: readonly string[];
  /** Receives one line per attempt (method, path, status, duration, attempt), redacted. */
  logger?: ConnectorLogger;
  /** Called when {@link ConnectorHttpClient.status} changes, for health reporting. */
  onStatus?: (status: ConnectorHttpStatus) => void;
  /** Larger responses fail with code `permanent`. Default 50 MiB. */
  maxResponseBytes?: number;
  /** Wall clock in epoch ms, for Retry-After dates and status times. Injectable for tests. */
  now?: () => number;
  /** Waits between attempts. Injectable for tests (assert the waits instead of sitting them out). */
  sleep?: (ms: number) => Promise<void>;
  /** Source of backoff jitter in [0, 1). Injectable for tests. */
  random?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_USER_AGENT = 'Switchboard';
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/** Options with defaults applied and numbers checked. */
export interface ResolvedClientOptions {
  timeoutMs: number;
  retry: RetryOptions;
  circuitBreaker: CircuitBreakerOptions | false;
  rateLimit?: RateLimitOptions;
  maxResponseBytes: number;
}

/** Applies defaults; throws a `validation` error listing every bad number. */
export function resolveClientOptions(options: ConnectorHttpClientOptions): ResolvedClientOptions {
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const circuitBreaker =
    options.circuitBreaker === false ? false : { ...DEFAULT_CIRCUIT_BREAKER, ...options.circuitBreaker };
  const resolved: ResolvedClientOptions = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry,
    circuitBreaker,
    rateLimit: options.rateLimit,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };

  const errors: FieldError[] = [];
  const positive = (path: string, value: number | undefined, integer = false): void => {
    if (value === undefined) return;
    if (!(Number.isFinite(value) && value > 0) || (integer && !Number.isInteger(value))) {
      errors.push({ path, message: `must be a positive ${integer ? 'integer' : 'number'}` });
    }
  };
  positive('timeoutMs', resolved.timeoutMs);
  positive('retry.maxAttempts', retry.maxAttempts, true);
  positive('retry.initialDelayMs', retry.initialDelayMs);
  positive('retry.maxDelayMs', retry.maxDelayMs);
  positive('retry.factor', retry.factor);
  positive('retry.maxRetryAfterMs', retry.maxRetryAfterMs);
  positive('rateLimit.maxConcurrent', options.rateLimit?.maxConcurrent, true);
  positive('rateLimit.requestsPerSecond', options.rateLimit?.requestsPerSecond);
  positive('maxResponseBytes', resolved.maxResponseBytes, true);
  if (circuitBreaker) {
    positive('circuitBreaker.failureThreshold', circuitBreaker.failureThreshold, true);
    positive('circuitBreaker.resetAfterMs', circuitBreaker.resetAfterMs);
  }
  if (errors.length > 0) {
    throw SwitchboardError.validation(
      `Invalid HTTP client options: ${errors.map((e) => `${e.path} ${e.message}`).join(', ')}`,
      errors,
    );
  }
  return resolved;
}
