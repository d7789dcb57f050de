import { randomBytes } from 'node:crypto';
import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { keyIdOf } from './master-key';
import { SecretBox, reencrypt } from './secret-box';

const PLAINTEXT = 'hunter2-very-secret-token';

function failureOf(work: () => unknown): SwitchboardError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchboardError);
    return error as SwitchboardError;
  }
  throw new Error('expected a failure');
}

/** Replaces one dot-separated part of a sealed value, flipping a bit of its first byte. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('SecretBox', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it.each([
    ['unicode', 'pässwörd 🔑 密码'],
    ['empty', ''],
    ['64 KB', 'x'.repeat(64 * 1024)],
  ])('round-trips a %s secret', (_, plaintext) => {
    const sealed = box.seal(plaintext, 'instance-1');
    expect(box.open(sealed, 'instance-1')).toBe(plaintext);
  });

  it('writes a compact versioned string naming the key, with a fresh IV each time', () => {
    const first = box.seal(PLAINTEXT);
    const second = box.seal(PLAINTEXT);
    expect(first).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(first.split('.')[1]).toBe(keyIdOf(key));
    expect(box.keyId).toBe(keyIdOf(key));
    expect(first).not.toBe(second);
    expect(first).not.toContain(PLAINTEXT);
  });

  it.each([
    ['iv', 2],
    ['tag', 3],
    ['ciphertext', 4],
  ])('rejects a tampered %s', (_, index) => {
    const sealed = box.seal(PLAINTEXT, 'instance-1');
    const failure = failureOf(() => box.open(tamper(sealed, index), 'instance-1'));
    expect(failure.code).toBe(ErrorCode.Permanent);
    expect(failure.message).toMatch(/failed authentication/);
  });

  it('rejects a value copied to another record (different aad) or opened without its aad', () => {
    const sealed = box.seal(PLAINTEXT, 'instance-1');
    expect(failureOf(() => box.open(sealed, 'instance-2')).message).toMatch(/failed authentication/);
    expect(failureOf(() => box.open(sealed)).message).toMatch(/failed authentication/);
  });

  it('rejects a value sealed under another key, naming both key ids', () => {
    const other = new SecretBox(randomBytes(32));
    const failure = failureOf(() => other.open(box.seal(PLAINTEXT)));
    expect(failure.message).toContain(box.keyId);
    expect(failure.message).toContain(other.keyId);
  });

  it('rejects a forged key id with the real key missing, and malformed values', () => {
    const sealed = box.seal(PLAINTEXT).split('.');
    sealed[1] = '00000000';
    expect(failureOf(() => box.open(sealed.join('.'))).message).toMatch(/sealed under key 00000000/);
    expect(failureOf(() => box.open('v2.x')).message).toMatch(/Not a sealed secret/);
    expect(failureOf(() => box.open(`v9.${box.keyId}.a.b.c`)).message).toMatch(/unsupported version/);
  });

  it('never puts the plaintext or the key into an error', () => {
    const sealed = box.seal(PLAINTEXT, 'a');
    const failures = [
      failureOf(() => box.open(sealed, 'b')),
      failureOf(() => box.open(tamper(sealed, 4), 'a')),
      failureOf(() => new SecretBox(randomBytes(32)).open(sealed, 'a')),
    ];
    for (const failure of failures) {
      const text = `${failure.message} ${String(failure.stack)} ${JSON.stringify(failure)} ${String(failure.cause)}`;
      expect(text).not.toContain(PLAINTEXT);
      expect(text).not.toContain(key.toString('hex'));
      expect(text).not.toContain(key.toString('base64'));
    }
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(failureOf(() => new SecretBox(randomBytes(16))).code).toBe(ErrorCode.Validation);
  });
});

describe('reencrypt', () => {
  it('moves a value from the old key to the new one, keeping its aad binding', () => {
    const oldBox = new SecretBox(randomBytes(32));
    const newBox = new SecretBox(randomBytes(32));
    const sealed = oldBox.seal(PLAINTEXT, 'instance-1');

    const moved = reencrypt(sealed, oldBox, newBox, 'instance-1');
    expect(moved.split('.')[1]).toBe(newBox.keyId);
    expect(newBox.open(moved, 'instance-1')).toBe(PLAINTEXT);
    expect(() => newBox.open(moved, 'instance-2')).toThrow(SwitchboardError);
    expect(reencrypt(moved, oldBox, newBox, 'instance-1')).toBe(moved);
  });
});
