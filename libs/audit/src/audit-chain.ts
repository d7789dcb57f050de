import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { AuditEntry } from './audit-entry.entity';
import { canonicalJson } from './canonical-json';

/** `prev_hash` of a tenant's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** HKDF `info` for the audit signing key: a distinct purpose, so it is a distinct key. */
export const AUDIT_KEY_INFO = 'switchboard-audit';

/** The fields an entry's hash covers: everything but `hash` and `signature`. */
export type HashedFields = Omit<AuditEntry, 'hash' | 'signature'>;

/** The HMAC key for audit signatures, derived from the master key (HKDF-SHA256, no salt). */
export function deriveAuditKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), AUDIT_KEY_INFO, 32));
}

/**
 * The text an entry's hash is computed over. Versioned, every field named, dates as ISO strings
 * with milliseconds, `before`/`after` as their stored canonical JSON text: identical on SQLite and
 * PostgreSQL, and independent of column order or driver quirks.
 */
export function canonicalEntry(fields: HashedFields): string {
  return canonicalJson({
    v: 1,
    id: fields.id,
    tenantId: fields.tenantId,
    seq: fields.seq,
    occurredAt: fields.occurredAt.toISOString(),
    actorType: fields.actorType,
    actorId: fields.actorId,
    action: fields.action,
    targetType: fields.targetType,
    targetId: fields.targetId,
    before: fields.before,
    after: fields.after,
    requestId: fields.requestId,
    prevHash: fields.prevHash,
  });
}

/** Hex SHA-256 of {@link canonicalEntry}. */
export function hashEntry(fields: HashedFields): string {
  return createHash('sha256').update(canonicalEntry(fields), 'utf8').digest('hex');
}

/** Hex HMAC-SHA256 of `hash` under the audit key. */
export function signHash(hash: string, auditKey: Buffer): string {
  return createHmac('sha256', auditKey).update(hash, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
