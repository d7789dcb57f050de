/**
 * The audit trail on every dialect we ship: SQLite always, PostgreSQL when a server is configured
 * (TEST_DATABASE_URL, else a postgres DATABASE_URL) or the local default answers. Each test gets
 * its own database.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Logger } from '@nestjs/common';
import { AUDIT_REDACTED, AuditEntry, type AuditEntryInput, AuditLog, hashEntry } from '@switchboard/audit';
import {
  type PersistenceOptions,
  type SwitchboardDataSource,
  openDataSource,
} from '@switchboard/persistence';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';

Logger.overrideLogger(['error', 'warn']);

const targets: DatabaseTarget[] = databaseTargetsFor('audit');

const TENANT = 'tenant-a';
const masterKey = randomBytes(32);

function entry(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    tenantId: TENANT,
    actorType: 'api_key',
    actorId: 'key-1',
    action: 'instance.update',
    targetType: 'instance',
    targetId: 'inst-1',
    before: { name: 'old' },
    after: { name: 'new' },
    requestId: 'req-1',
    ...overrides,
  };
}

describe.each(targets)('audit on $dialect', (target) => {
  const open: SwitchboardDataSource[] = [];
  let options: PersistenceOptions;
  let dataSource: SwitchboardDataSource;
  let log: AuditLog;
  const connect = async () => {
    const opened = await openDataSource(options);
    open.push(opened);
    return opened;
  };
  const appendMany = async (count: number, make: (i: number) => Partial<AuditEntryInput> = () => ({})) => {
    for (let i = 0; i < count; i++) await log.append(entry(make(i)));
  };

  beforeEach(async () => {
    options = await target.fresh();
    dataSource = await connect();
    log = new AuditLog(dataSource, { masterKey });
  });
  afterEach(async () => {
    for (const opened of open.splice(0)) if (opened.isInitialized) await opened.destroy();
  });
  afterAll(() => target.cleanup());

  it('chains entries per tenant: seq from 1, each prev_hash the previous hash', async () => {
    const first = await log.append(entry());
    const second = await log.append(entry({ action: 'instance.delete', after: null }));
    const otherTenant = await log.append(entry({ tenantId: 'tenant-b' }));

    expect(first).toMatchObject({ seq: 1, prevHash: '0'.repeat(64), before: { name: 'old' } });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, after: null });
    expect(otherTenant).toMatchObject({ seq: 1, prevHash: '0'.repeat(64) });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(await log.verify(TENANT)).toEqual({ ok: true, entries: 2 });
    expect(await log.verify('tenant-b')).toEqual({ ok: true, entries: 1 });
    expect(await log.verify('nobody')).toEqual({ ok: true, entries: 0 });
  });

  it('keeps the chain gapless and unforked under 50 concurrent appends from two data sources', async () => {
    const other = new AuditLog(await connect(), { masterKey });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? log : other).append(entry({ targetId: `t-${i}` }))),
    );

    const rows = await dataSource
      .getRepository(AuditEntry)
      .find({ where: { tenantId: TENANT }, order: { seq: 'ASC' } });
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.prevHash)).size).toBe(50);
    expect(await log.verify(TENANT)).toEqual({ ok: true, entries: 50 });
    expect(await other.verify(TENANT)).toEqual({ ok: true, entries: 50 });
  });

  it('keeps one gapless chain when two processes append at the same time', async () => {
    const child = path.join(__dirname, 'support', 'append-audit.child.ts');
    const run = (actorId: string) =>
      promisify(execFile)(process.execPath, ['-r', '@swc-node/register', child, actorId], {
        env: {
          ...process.env,
          SB_TEST_OPTIONS: JSON.stringify(options),
          SB_TEST_MASTER_KEY: masterKey.toString('hex'),
          SB_TEST_COUNT: '25',
        },
        timeout: 30_000,
      });
    await Promise.all([run('process-1'), run('process-2'), log.append(entry())]);

    const rows = await dataSource.getRepository(AuditEntry).find({ where: { tenantId: TENANT } });
    expect(new Set(rows.map((row) => row.actorId))).toEqual(new Set(['process-1', 'process-2', 'key-1']));
    expect(await log.verify(TENANT)).toEqual({ ok: true, entries: 51 });
  });

  it.each([
    ['after', `"after" = '{"name":"forged"}'`],
    ['action', `"action" = 'instance.read'`],
  ])('reports the seq of a row whose %s was edited in the database', async (_, assignment) => {
    await appendMany(5);
    await dataSource.query(
      `UPDATE "audit_entries" SET ${assignment} WHERE "tenant_id" = '${TENANT}' AND "seq" = 3`,
    );

    expect(await log.verify(TENANT)).toEqual({
      ok: false,
      entries: 2,
      firstBrokenSeq: 3,
      reason: 'hash_mismatch',
    });
  });

  it('reports a re-hashed edit as a signature mismatch, and a key other than the signer as well', async () => {
    await appendMany(3);
    const rows = await dataSource
      .getRepository(AuditEntry)
      .find({ where: { tenantId: TENANT }, order: { seq: 'ASC' } });
    // Someone with database access but not the master key recomputes the hash of seq 1 (the next
    // row's prev_hash then no longer matches, but the signature check on seq 1 comes first).
    const { hash: _hash, signature: _signature, ...fields } = rows[0]!;
    const forgedHash = hashEntry({ ...fields, actorId: 'someone-else' });
    await dataSource.query(
      `UPDATE "audit_entries" SET "actor_id" = 'someone-else', "hash" = '${forgedHash}' WHERE "id" = '${rows[0]!.id}'`,
    );
    expect(await log.verify(TENANT)).toMatchObject({
      ok: false,
      firstBrokenSeq: 1,
      reason: 'signature_mismatch',
    });

    const stranger = new AuditLog(dataSource, { masterKey: randomBytes(32) });
    expect(await stranger.verify('tenant-x')).toEqual({ ok: true, entries: 0 });
    await stranger.append(entry({ tenantId: 'tenant-x' }));
    expect(await log.verify('tenant-x')).toMatchObject({
      ok: false,
      firstBrokenSeq: 1,
      reason: 'signature_mismatch',
    });
  });

  it('reports a deleted middle row as a sequence gap at the missing seq', async () => {
    await appendMany(5);
    await dataSource.query(`DELETE FROM "audit_entries" WHERE "tenant_id" = '${TENANT}' AND "seq" = 3`);

    expect(await log.verify(TENANT)).toEqual({
      ok: false,
      entries: 2,
      firstBrokenSeq: 3,
      reason: 'sequence_gap',
    });
  });

  it('reports a row spliced in with a wrong prev_hash as a chain break', async () => {
    await appendMany(3);
    await dataSource.query(
      `UPDATE "audit_entries" SET "prev_hash" = '${'f'.repeat(64)}' WHERE "tenant_id" = '${TENANT}' AND "seq" = 2`,
    );
    expect(await log.verify(TENANT)).toEqual({
      ok: false,
      entries: 1,
      firstBrokenSeq: 2,
      reason: 'chain_break',
    });
  });

  it('never stores secrets from before/after, at any depth, and still verifies', async () => {
    const secret = 'hunter2-do-not-store';
    await log.append(
      entry({
        before: {
          name: 'x',
          config: { password: secret, nested: [{ apiKey: secret, clientSecret: secret }] },
        },
        after: { name: 'x', token: secret, PRIVATE_KEY: secret, credentials: { user: 'u' }, api_key: secret },
      }),
    );

    const raw = JSON.stringify(await dataSource.query(`SELECT * FROM "audit_entries"`));
    expect(raw).not.toContain(secret);
    const [stored] = (await log.list({ tenantId: TENANT, limit: 10 })).items;
    expect(stored!.before).toEqual({
      name: 'x',
      config: {
        password: AUDIT_REDACTED,
        nested: [{ apiKey: AUDIT_REDACTED, clientSecret: AUDIT_REDACTED }],
      },
    });
    expect(stored!.after).toEqual({
      name: 'x',
      token: AUDIT_REDACTED,
      PRIVATE_KEY: AUDIT_REDACTED,
      credentials: AUDIT_REDACTED,
      api_key: AUDIT_REDACTED,
    });
    expect(await log.verify(TENANT)).toEqual({ ok: true, entries: 1 });
  });

  it('lists by filters, newest first by default, page by page', async () => {
    const base = Date.parse('2026-05-01T00:00:00.000Z');
    await appendMany(12, (i) => ({
      actorId: i % 3 === 0 ? 'key-admin' : 'key-1',
      action: i % 2 === 0 ? 'instance.create' : 'mapping.update',
      targetType: i % 2 === 0 ? 'instance' : 'mapping',
      targetId: `t-${i % 4}`,
      occurredAt: new Date(base + i * 60_000 + 1),
    }));
    await log.append(entry({ tenantId: 'tenant-b' }));

    const seqs = async (query: Omit<Parameters<AuditLog['list']>[0], 'tenantId'>) =>
      (await log.list({ tenantId: TENANT, ...query })).items.map((item) => item.seq);

    expect(await seqs({ limit: 100 })).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await seqs({ limit: 100, actorId: 'key-admin' })).toEqual([10, 7, 4, 1]);
    expect(await seqs({ limit: 100, action: 'mapping.update', order: 'asc' })).toEqual([2, 4, 6, 8, 10, 12]);
    expect(await seqs({ limit: 100, targetType: 'instance', targetId: 't-0' })).toEqual([9, 5, 1]);
    expect(
      await seqs({ limit: 100, from: new Date(base + 3 * 60_000 + 1), to: new Date(base + 6 * 60_000 + 1) }),
    ).toEqual([6, 5, 4]);

    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await log.list({ tenantId: TENANT, limit: 5, cursor });
      pages.push(page.items.map((item) => item.seq));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([
      [12, 11, 10, 9, 8],
      [7, 6, 5, 4, 3],
      [2, 1],
    ]);

    const listed = (await log.list({ tenantId: TENANT, limit: 1, order: 'asc' })).items[0]!;
    expect(listed.occurredAt).toEqual(new Date(base + 1));
    expect(listed).toMatchObject({ tenantId: TENANT, requestId: 'req-1', before: { name: 'old' } });
  });

  it('rejects bad input and bad pages as validation errors', async () => {
    await expect(log.append(entry({ actorType: 'robot' as never }))).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(log.append(entry({ tenantId: '' }))).rejects.toMatchObject({ code: 'validation' });
    await expect(log.list({ tenantId: TENANT, limit: 0 })).rejects.toMatchObject({ code: 'validation' });
    await expect(log.list({ tenantId: TENANT, limit: 5, cursor: 'abc' })).rejects.toMatchObject({
      code: 'validation',
    });
  });
});
