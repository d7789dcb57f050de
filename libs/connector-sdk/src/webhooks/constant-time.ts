import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Per-process key: the digests compared below are unpredictable to a caller. */
const COMPARISON_KEY = randomBytes(32);

function digest(value: Buffer | string): Buffer {
  return createHmac('sha256', COMPARISON_KEY).update(value).digest();
}

/**
 * Constant-time equality for secrets of any length. `timingSafeEqual` throws on a length mismatch,
 * and returning early would tell an attacker the expected length; comparing fixed-size keyed
 * digests of both values instead takes the same time whatever was presented.
 */
export function constantTimeEqual(presented: Buffer | string, expected: Buffer | string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}
