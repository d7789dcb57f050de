import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Per-process key: the digests compared below are unpredictable to a caller. */
const COMPARISON_KEY = randomBytes(32);

function digest(value: Buffer | string): Buffer {
  return createHmac('sha256', COMPARISON_KEY).update(value).digest();
}

// The expected side is usually an instance secret compared on every delivery: its digest is kept
// (a keyed digest, not the secret) so each webhook pays for one HMAC, not two.
const expectedDigests = new Map<string, Buffer>();
const MAX_CACHED_DIGESTS = 1_024;

function expectedDigest(value: Buffer | string): Buffer {
  if (typeof value !== 'string') return digest(value);
  let cached = expectedDigests.get(value);
  if (!cached) {
    if (expectedDigests.size >= MAX_CACHED_DIGESTS) expectedDigests.clear();
    cached = digest(value);
    expectedDigests.set(value, cached);
  }
  return cached;
}

/**
 * Constant-time equality for secrets of any length. `timingSafeEqual` throws on a length mismatch,
 * and returning early would tell an attacker the expected length; comparing fixed-size keyed
 * digests of both values instead takes the same time whatever was presented.
 */
export function constantTimeEqual(presented: Buffer | string, expected: Buffer | string): boolean {
  return timingSafeEqual(digest(presented), expectedDigest(expected));
}
