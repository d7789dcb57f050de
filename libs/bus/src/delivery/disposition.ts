import { ErrorCode, errorCodeOf, isSwitchboardError } from '@switchboard/errors';
import type { DeadLetterReason } from '../event-bus';
import { backoffDelay, type BackoffPolicy } from './backoff';

export type Disposition =
  { action: 'retry'; delayMs: number } | { action: 'dead-letter'; reason: DeadLetterReason };

/**
 * What to do with a delivery whose handler failed. Retryable codes come back after a backoff
 * (or the remote's Retry-After, whichever is longer) until the delivery budget is spent;
 * everything else goes to the dead-letter queue at once.
 */
export function dispositionFor(
  error: unknown,
  deliveryCount: number,
  maxDeliveries: number,
  backoff: BackoffPolicy,
): Disposition {
  const code = errorCodeOf(error);
  const retryable = code === ErrorCode.Retryable || code === ErrorCode.RateLimited;
  if (!retryable) return { action: 'dead-letter', reason: 'permanent' };
  if (deliveryCount >= maxDeliveries) return { action: 'dead-letter', reason: 'max_deliveries' };
  const requested = isSwitchboardError(error) ? (error.retryAfterMs ?? 0) : 0;
  return { action: 'retry', delayMs: Math.max(requested, backoffDelay(deliveryCount, backoff)) };
}
