import { randomBytes } from 'node:crypto';
import { GENESIS_HASH, canonicalEntry, deriveAuditKey, hashEntry, signHash } from './audit-chain';
import { canonicalJson } from './canonical-json';
import { AUDIT_REDACTED, redactSecrets } from './redact-secrets';

const fields = {
  id: '0b8f6f1e-6a1c-4d1e-9a55-1f1c2d3e4f50',
  tenantId: 't',
  seq: 1,
  occurredAt: new Date('2026-05-01T10:00:00.120Z'),
  actorType: 'system' as const,
  actorId: 'hub',
  action: 'instance.create',
  targetType: 'instance',
  targetId: 'i-1',
  before: null,
  after: '{"a":1}',
  requestId: null,
  prevHash: GENESIS_HASH,
};

describe('canonicalJson', () => {
  it('gives the same text whatever the key order, dates as ISO with milliseconds', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: new Date('2026-01-01T00:00:00Z'), u: undefined })).toBe(
      '{"a":"2026-01-01T00:00:00.000Z","b":[{"c":2,"d":1}]}',
    );
  });
});

describe('redactSecrets', () => {
  it('replaces secret-looking keys at any depth and leaves the input alone', () => {
    const input = { user: 'u', Password: 'p', list: [{ access_token: 't', ok: 1 }], privateKey: { x: 1 } };
    expect(redactSecrets(input)).toEqual({
      user: 'u',
      Password: AUDIT_REDACTED,
      list: [{ access_token: AUDIT_REDACTED, ok: 1 }],
      privateKey: AUDIT_REDACTED,
    });
    expect(input.Password).toBe('p');
  });
});

describe('entry hashing and signing', () => {
  it('is a stable SHA-256 over a versioned canonical form that changes with any field', () => {
    expect(canonicalEntry(fields)).toContain('"occurredAt":"2026-05-01T10:00:00.120Z"');
    expect(hashEntry(fields)).toBe(hashEntry({ ...fields }));
    expect(hashEntry({ ...fields, targetId: 'i-2' })).not.toBe(hashEntry(fields));
    expect(hashEntry({ ...fields, occurredAt: new Date('2026-05-01T10:00:00.121Z') })).not.toBe(
      hashEntry(fields),
    );
  });

  it('signs under a key derived from, and different from, the master key', () => {
    const masterKey = randomBytes(32);
    const auditKey = deriveAuditKey(masterKey);
    expect(auditKey).toHaveLength(32);
    expect(auditKey.equals(masterKey)).toBe(false);
    expect(deriveAuditKey(masterKey).equals(auditKey)).toBe(true);
    const hash = hashEntry(fields);
    expect(signHash(hash, auditKey)).not.toBe(signHash(hash, deriveAuditKey(randomBytes(32))));
  });
});
