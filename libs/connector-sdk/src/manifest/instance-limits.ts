import type { RateLimitHint } from './connector-manifest';

/** Work of one instance running at once when neither an admin nor its manifest says otherwise. */
export const DEFAULT_INSTANCE_CONCURRENCY = 4;

/**
 * An admin's per-instance override of the manifest's rate-limit hint (the `limits` of an
 * instance): a self-hosted tool may take far more than the SaaS the hint was written for, or less.
 */
export interface InstanceLimits {
  /** Requests the instance's HTTP client starts per second, spread evenly. */
  requestsPerSecond?: number;
  /** Work of the instance running at once (commands, polls, checks), and its requests in flight. */
  maxConcurrent?: number;
}

/** The limits an instance runs with: its override, else its manifest's hint, else the defaults. */
export interface EffectiveInstanceLimits {
  /** `null`: requests are not paced. */
  requestsPerSecond: number | null;
  maxConcurrent: number;
}

/**
 * The override merged over the manifest's hint field by field, so overriding one keeps the other;
 * `undefined` when neither says anything. This is the HTTP client's rate budget.
 */
export function instanceRateLimit(
  hint: RateLimitHint | undefined,
  limits: InstanceLimits | null | undefined,
): InstanceLimits | undefined {
  const requestsPerSecond = limits?.requestsPerSecond ?? hint?.requestsPerSecond;
  const maxConcurrent = limits?.maxConcurrent ?? hint?.maxConcurrent;
  if (requestsPerSecond === undefined && maxConcurrent === undefined) return undefined;
  return {
    ...(requestsPerSecond !== undefined ? { requestsPerSecond } : {}),
    ...(maxConcurrent !== undefined ? { maxConcurrent } : {}),
  };
}

/** {@link instanceRateLimit} with the runtime's defaults filled in: what the instance runs with. */
export function effectiveInstanceLimits(
  hint: RateLimitHint | undefined,
  limits: InstanceLimits | null | undefined,
): EffectiveInstanceLimits {
  const merged = instanceRateLimit(hint, limits);
  return {
    requestsPerSecond: merged?.requestsPerSecond ?? null,
    maxConcurrent: merged?.maxConcurrent ?? DEFAULT_INSTANCE_CONCURRENCY,
  };
}
