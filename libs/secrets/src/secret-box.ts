import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SwitchboardError } from '@switchboard/errors';
import { MASTER_KEY_BYTES, keyIdOf } from './master-key';

/** Format version written as the first segment of every sealed value. */
export const SEALED_VERSION = 'v1';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12; // GCM's native nonce size: no extra GHASH pass, and random IVs are safe at our volumes.
const TAG_BYTES = 16;

/** The parts of a sealed value, as read from its text form. */
export interface SealedParts {
  version: string;
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * Encrypts connector secrets at rest with AES-256-GCM under one master key.
 *
 * A sealed value is the text `v1.<keyId>.<iv>.<tag>.<ciphertext>` (binary parts base64url): safe
 * to store in a text column, and self-describing enough for a key rotation to know which key
 * sealed it. Pass the owning row's id as `aad` so a ciphertext copied into another row fails to
 * open. Errors never contain the plaintext or the key.
 */
export class SecretBox {
  /** First 8 hex characters of the SHA-256 of the key (see {@link keyIdOf}). */
  readonly keyId: string;
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== MASTER_KEY_BYTES) {
      throw SwitchboardError.validation(`A SecretBox key must be ${MASTER_KEY_BYTES} bytes`, [
        { path: 'key', message: `must be ${MASTER_KEY_BYTES} bytes, got ${key.length}` },
      ]);
    }
    // A private copy: the caller may zero or reuse its buffer.
    this.#key = Buffer.from(key);
    this.keyId = keyIdOf(this.#key);
  }

  /** Encrypts `plaintext` under a fresh random IV, binding `aad` (e.g. the instance id) to it. */
  seal(plaintext: string, aad?: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [SEALED_VERSION, this.keyId, iv, tag, ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /**
   * Decrypts a value made by {@link seal} with the same key and the same `aad`. Throws a
   * `permanent` SwitchboardError when the value is malformed, was sealed under another key (the
   * message names both key ids), or fails authentication (tampered, or a different `aad`).
   */
  open(sealed: string, aad?: string): string {
    const parts = parseSealed(sealed);
    if (parts.keyId !== this.keyId) {
      throw SwitchboardError.permanent(
        `Secret was sealed under key ${parts.keyId}, but the current master key is ${this.keyId}`,
      );
    }
    const decipher = createDecipheriv(ALGORITHM, this.#key, parts.iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(parts.tag);
    try {
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // Deliberately no cause: OpenSSL's error says nothing useful and nothing secret, but keep it that way.
      throw SwitchboardError.permanent(
        `Secret sealed under key ${parts.keyId} failed authentication: it was altered, or belongs to another record`,
      );
    }
  }
}

/** Splits a sealed value into its parts, or throws a `permanent` error if it is not one. */
export function parseSealed(sealed: string): SealedParts {
  const segments = sealed.split('.');
  const malformed = (why: string) => SwitchboardError.permanent(`Not a sealed secret: ${why}`);
  if (segments.length !== 5) throw malformed(`expected 5 dot-separated parts, got ${segments.length}`);
  const [version, keyId, iv, tag, ciphertext] = segments as [string, string, string, string, string];
  if (version !== SEALED_VERSION) throw malformed(`unsupported version "${version.slice(0, 8)}"`);
  if (!/^[0-9a-f]{8}$/.test(keyId)) throw malformed('bad key id');
  const base64url = /^[A-Za-z0-9_-]*$/;
  if (![iv, tag, ciphertext].every((part) => base64url.test(part))) throw malformed('bad encoding');
  const parts = {
    version,
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
  if (parts.iv.length !== IV_BYTES) throw malformed('bad IV length');
  if (parts.tag.length !== TAG_BYTES) throw malformed('bad tag length');
  return parts;
}

/**
 * Opens a value with `oldBox` and seals it again with `newBox`, same `aad`. For the master-key
 * rotation command: a value already under the new key is returned unchanged.
 */
export function reencrypt(sealed: string, oldBox: SecretBox, newBox: SecretBox, aad?: string): string {
  if (parseSealed(sealed).keyId === newBox.keyId) return sealed;
  return newBox.seal(oldBox.open(sealed, aad), aad);
}
