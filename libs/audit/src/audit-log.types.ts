import type { EntityManager } from 'typeorm';
import type { AuditActorType } from './audit-entry.entity';

/** What a caller records; the log adds id, seq, time (unless given), hashes and signature. */
export interface AuditEntryInput {
  tenantId: string;
  actorType: AuditActorType;
  actorId: string;
  /** `<target>.<verb>`, e.g. `instance.create`. */
  action: string;
  targetType: string;
  targetId: string;
  /** JSON-serialisable state before the change. Secret-looking keys are redacted before storing. */
  before?: unknown;
  /** JSON-serialisable state after the change. Secret-looking keys are redacted before storing. */
  after?: unknown;
  requestId?: string;
  /** Defaults to the log's clock. Stored to the millisecond. */
  occurredAt?: Date;
}

/** A stored entry, with `before`/`after` parsed back from JSON. */
export interface AuditRecord {
  id: string;
  tenantId: string;
  seq: number;
  occurredAt: Date;
  actorType: AuditActorType;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  prevHash: string;
  hash: string;
  signature: string;
}

/** Filters for {@link AuditLog.list}. All given filters must match. */
export interface AuditListQuery {
  tenantId: string;
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive lower bound on `occurredAt`. */
  from?: Date;
  /** Exclusive upper bound on `occurredAt`. */
  to?: Date;
  /** Page size, 1 to {@link AUDIT_LIST_MAX_LIMIT}. */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** By `seq`; newest first unless `asc`. */
  order?: 'asc' | 'desc';
}

export interface AuditPage {
  items: AuditRecord[];
  /** Present when there may be more entries: pass it back as `cursor`. */
  nextCursor?: string;
}

/** Why {@link AuditLog.verify} stopped. */
export type AuditBreakReason = 'hash_mismatch' | 'signature_mismatch' | 'chain_break' | 'sequence_gap';

/**
 * Outcome of walking a tenant's chain. `entries` is how many entries verified: all of them when
 * `ok`, those before `firstBrokenSeq` otherwise.
 */
export type AuditVerifyResult =
  | { ok: true; entries: number }
  | { ok: false; entries: number; firstBrokenSeq: number; reason: AuditBreakReason };

/** Largest page {@link AuditLog.list} returns. */
export const AUDIT_LIST_MAX_LIMIT = 500;

/** What {@link AuditLog.transaction} hands its work: the transaction and a way to audit inside it. */
export interface AuditTransaction {
  /** The open transaction: make the audited change through it. */
  readonly manager: EntityManager;
  /** Appends an entry to the held tenant's chain, in this transaction. */
  append(input: AuditEntryInput): Promise<AuditRecord>;
}
