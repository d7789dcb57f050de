import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/errors';
import type { DataSource, EntityManager } from 'typeorm';
import { GENESIS_HASH, deriveAuditKey, hashEntry, sameDigest, signHash } from './audit-chain';
import { AuditEntry, type AuditActorType } from './audit-entry.entity';
import {
  AUDIT_LIST_MAX_LIMIT,
  type AuditEntryInput,
  type AuditListQuery,
  type AuditPage,
  type AuditRecord,
  type AuditTransaction,
  type AuditVerifyResult,
} from './audit-log.types';
import { canonicalJson } from './canonical-json';
import { redactSecrets } from './redact-secrets';
import { inTenantTransaction } from './tenant-transaction';

const ACTOR_TYPES: readonly AuditActorType[] = ['api_key', 'automation', 'system'];
const VERIFY_BATCH = 500;

export interface AuditLogOptions {
  /** The master key (see `@switchboard/secrets`); the signing key is derived from it. */
  masterKey: Buffer;
  /** Clock for `occurredAt` when the caller gives none. */
  now?: () => Date;
}

/**
 * The append-only, hash-chained, HMAC-signed audit trail, one chain per tenant. Appends from any
 * number of processes produce one gapless chain; {@link verify} finds edited, deleted or forged
 * rows. It cannot notice the newest entries being cut off: compare the head with a copy kept
 * elsewhere for that.
 */
export class AuditLog {
  readonly #auditKey: Buffer;
  readonly #now: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    options: AuditLogOptions,
  ) {
    this.#auditKey = deriveAuditKey(options.masterKey);
    this.#now = options.now ?? (() => new Date());
  }

  /** Appends an entry at the end of its tenant's chain, secrets in `before`/`after` redacted. */
  append(input: AuditEntryInput): Promise<AuditRecord> {
    return this.transaction(input.tenantId, (tx) => tx.append(input));
  }

  /**
   * Runs `work` in one database transaction that holds the tenant's chain: the change it makes
   * through `tx.manager` and the entries it appends with `tx.append` commit together or not at
   * all. So a change is never applied without its audit entry, and an entry never describes a
   * change that was rolled back. Appends of the same tenant wait for the transaction to end.
   */
  transaction<T>(tenantId: string, work: (tx: AuditTransaction) => Promise<T>): Promise<T> {
    return inTenantTransaction(this.dataSource, tenantId, (manager) =>
      work({
        manager,
        append: async (input) => {
          if (input.tenantId !== tenantId) {
            throw SwitchboardError.validation('Invalid audit entry', [
              { path: 'tenantId', message: `must be ${tenantId}, the tenant this transaction holds` },
            ]);
          }
          return toRecord(await this.#appendIn(manager, input));
        },
      }),
    );
  }

  async #appendIn(manager: EntityManager, input: AuditEntryInput): Promise<AuditEntry> {
    validateInput(input);
    const occurredAt = new Date((input.occurredAt ?? this.#now()).getTime());
    const head = await manager
      .getRepository(AuditEntry)
      .createQueryBuilder('entry')
      .select(['entry.seq', 'entry.hash'])
      .where('entry.tenantId = :tenantId', { tenantId: input.tenantId })
      .orderBy('entry.seq', 'DESC')
      .limit(1)
      .getOne();
    const fields = {
      id: randomUUID(),
      tenantId: input.tenantId,
      seq: (head?.seq ?? 0) + 1,
      occurredAt,
      actorType: input.actorType,
      actorId: input.actorId,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      before: storedJson(input.before),
      after: storedJson(input.after),
      requestId: input.requestId ?? null,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const hash = hashEntry(fields);
    const row = manager.create(AuditEntry, { ...fields, hash, signature: signHash(hash, this.#auditKey) });
    await manager.insert(AuditEntry, row);
    return row;
  }

  /** One page of a tenant's entries matching the filters, ordered by `seq`. */
  async list(query: AuditListQuery): Promise<AuditPage> {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > AUDIT_LIST_MAX_LIMIT) {
      throw SwitchboardError.validation('Invalid audit list query', [
        { path: 'limit', message: `must be an integer from 1 to ${AUDIT_LIST_MAX_LIMIT}` },
      ]);
    }
    const descending = query.order !== 'asc';
    const builder = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('entry')
      .where('entry.tenantId = :tenantId', { tenantId: query.tenantId });
    if (query.actorId !== undefined) builder.andWhere('entry.actorId = :actorId', { actorId: query.actorId });
    if (query.action !== undefined) builder.andWhere('entry.action = :action', { action: query.action });
    if (query.targetType !== undefined)
      builder.andWhere('entry.targetType = :targetType', { targetType: query.targetType });
    if (query.targetId !== undefined)
      builder.andWhere('entry.targetId = :targetId', { targetId: query.targetId });
    if (query.from !== undefined) builder.andWhere('entry.occurredAt >= :from', { from: query.from });
    if (query.to !== undefined) builder.andWhere('entry.occurredAt < :to', { to: query.to });
    if (query.cursor !== undefined) {
      builder.andWhere(descending ? 'entry.seq < :after' : 'entry.seq > :after', {
        after: parseCursor(query.cursor),
      });
    }
    const rows = await builder
      .orderBy('entry.seq', descending ? 'DESC' : 'ASC')
      .limit(query.limit + 1)
      .getMany();
    const items = rows.slice(0, query.limit).map(toRecord);
    const more = rows.length > query.limit;
    return more ? { items, nextCursor: String(items[items.length - 1]!.seq) } : { items };
  }

  /**
   * Walks a tenant's chain from the first entry and stops at the first one that does not hold:
   * a missing `seq` (`sequence_gap`, reported at the missing seq), a `prev_hash` that is not the
   * previous entry's hash (`chain_break`), fields that do not give the stored hash
   * (`hash_mismatch`), or a signature not made with this hub's key (`signature_mismatch`).
   */
  async verify(tenantId: string): Promise<AuditVerifyResult> {
    const repository = this.dataSource.getRepository(AuditEntry);
    let verified = 0;
    let previousHash = GENESIS_HASH;
    let lastSeq = 0;
    for (;;) {
      const batch = await repository
        .createQueryBuilder('entry')
        .where('entry.tenantId = :tenantId AND entry.seq > :lastSeq', { tenantId, lastSeq })
        .orderBy('entry.seq', 'ASC')
        .limit(VERIFY_BATCH)
        .getMany();
      for (const entry of batch) {
        const broken = (reason: Exclude<AuditVerifyResult, { ok: true }>['reason'], seq = entry.seq) =>
          ({ ok: false, entries: verified, firstBrokenSeq: seq, reason }) as const;
        if (entry.seq !== lastSeq + 1) return broken('sequence_gap', lastSeq + 1);
        if (!sameDigest(entry.prevHash, previousHash)) return broken('chain_break');
        const { hash, signature, ...fields } = entry;
        if (!sameDigest(hashEntry(fields), hash)) return broken('hash_mismatch');
        if (!sameDigest(signHash(hash, this.#auditKey), signature)) return broken('signature_mismatch');
        verified += 1;
        lastSeq = entry.seq;
        previousHash = hash;
      }
      if (batch.length < VERIFY_BATCH) return { ok: true, entries: verified };
    }
  }
}

function storedJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  // Normalise first (toJSON, Dates, undefined members) so redaction sees what would be stored.
  return canonicalJson(redactSecrets(JSON.parse(JSON.stringify(value))));
}

function toRecord(entry: AuditEntry): AuditRecord {
  return {
    ...entry,
    before: entry.before === null ? null : (JSON.parse(entry.before) as unknown),
    after: entry.after === null ? null : (JSON.parse(entry.after) as unknown),
  };
}

function parseCursor(cursor: string): number {
  if (!/^[0-9]{1,15}$/.test(cursor)) {
    throw SwitchboardError.validation('Invalid audit list query', [
      { path: 'cursor', message: 'is not a cursor returned by a previous page' },
    ]);
  }
  return Number(cursor);
}

function validateInput(input: AuditEntryInput): void {
  const problems: { path: string; message: string }[] = [];
  for (const key of ['tenantId', 'actorId', 'action', 'targetType', 'targetId'] as const) {
    if (typeof input[key] !== 'string' || input[key].trim() === '')
      problems.push({ path: key, message: 'must be a non-empty string' });
  }
  if (!ACTOR_TYPES.includes(input.actorType))
    problems.push({ path: 'actorType', message: `must be one of ${ACTOR_TYPES.join(', ')}` });
  if (input.occurredAt !== undefined && Number.isNaN(input.occurredAt.getTime()))
    problems.push({ path: 'occurredAt', message: 'must be a valid date' });
  if (problems.length > 0) throw SwitchboardError.validation('Invalid audit entry', problems);
}
