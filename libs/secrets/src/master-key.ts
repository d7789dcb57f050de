import { createHash } from 'node:crypto';
import { SwitchboardError } from '@switchboard/errors';

/** Bytes in an AES-256 key. */
export const MASTER_KEY_BYTES = 32;

/** The environment variable that holds the master key in production. */
export const MASTER_KEY_VARIABLE = 'SWITCHBOARD_MASTER_KEY';

/**
 * Decodes a master key written as 64 hex characters or as base64 (standard or URL-safe, padding
 * optional) into its 32 bytes. `source` names where the text came from, for the error message;
 * the text itself is never echoed, because it is the key.
 */
export function decodeMasterKey(text: string, source: string = MASTER_KEY_VARIABLE): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value) || /^[A-Za-z0-9_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    // The 43rd character carries only 2 data bits: refuse texts whose unused bits are set, so two
    // different strings never mean the same key.
    const canonical = value.replace(/=$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    if (bytes.length === MASTER_KEY_BYTES && bytes.toString('base64url') === canonical) return bytes;
  }
  throw SwitchboardError.validation(
    `${source} is not a valid master key: expected ${MASTER_KEY_BYTES} random bytes as 64 hex characters or as base64 (e.g. \`openssl rand -base64 32\`)`,
    [{ path: source, message: `must be ${MASTER_KEY_BYTES} bytes as hex or base64` }],
  );
}

/**
 * A short public fingerprint of a key: the first 8 hex characters of its SHA-256. Stored beside
 * each ciphertext so a rotation can tell which key sealed what; it reveals nothing usable.
 */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}
