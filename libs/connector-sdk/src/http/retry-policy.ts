import type { HttpMethod } from './http-request';

/** Retry settings of a client. */
export interface RetryOptions {
  /** Attempts in total, the first included. Default 4. */
  maxAttempts: number;
  /** Upper bound of the first backoff. Default 200 ms. */
  initialDelayMs: number;
  /** Upper bound of any backoff. Default 10 s. */
  maxDelayMs: number;
  /** Growth of the upper bound per attempt. Default 2. */
  factor: number;
  /**
   * Longest server-requested wait (Retry-After, rate-limit reset) the client sits out itself.
   * A longer one fails at once with code `rate_limited` and `retryAfterMs`, so the bus parks the
   * work instead of a worker sleeping on it. Default 60 s.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  maxAttempts: 4,
  initialDelayMs: 200,
  maxDelayMs: 10_000,
  factor: 2,
  maxRetryAfterMs: 60_000,
});

/**
 * Methods whose repetition has the same effect as one call (RFC 9110 §9.2.2), so a lost response
 * can safely be retried. POST and PATCH are not: a POST whose response timed out may well have
 * created the ticket, and repeating it would create a duplicate.
 */
export const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set([
  'GET',
  'HEAD',
  'OPTIONS',
  'PUT',
  'DELETE',
]);

/**
 * Delay before attempt `attempt + 1`, "full jitter" (AWS Architecture Blog, "Exponential Backoff
 * and Jitter"): uniformly random between 0 and the exponential bound, so clients that failed
 * together do not retry together.
 *
 * @param attempt the attempt that just failed, from 1
 * @param random a number in [0, 1); injectable for tests
 */
export function backoffDelayMs(
  attempt: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const bound = Math.min(
    options.maxDelayMs,
    options.initialDelayMs * options.factor ** Math.max(0, attempt - 1),
  );
  return Math.floor(random() * bound);
}
