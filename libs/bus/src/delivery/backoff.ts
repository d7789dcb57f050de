import type { ConsumerOptions } from '../event-bus';

export interface BackoffPolicy {
  initialMs: number;
  factor: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, factor: 2, maxMs: 5 * 60_000 };

export function backoffPolicy(options: ConsumerOptions['backoff']): BackoffPolicy {
  return { ...DEFAULT_BACKOFF, ...options };
}

/**
 * Delay before redelivery after the n-th failed delivery (n starts at 1). Deterministic on purpose:
 * the delay is a lower bound operators can rely on; spreading comes from the deliveries' own timing.
 */
export function backoffDelay(deliveryCount: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, deliveryCount - 1);
  return Math.min(policy.maxMs, Math.round(policy.initialMs * policy.factor ** exponent));
}
