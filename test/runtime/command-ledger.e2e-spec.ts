/**
 * The command ledger (command_ledger) on every dialect: a command's outcome by instance and
 * idempotency key, recorded in one statement whether it is the first attempt or a later one.
 */
import { Logger } from '@nestjs/common';
import {
  CommandLedgerEntry,
  WriteBatch,
  openDataSource,
  type SwitchboardDataSource,
} from '@switchboard/persistence';
import { CommandLedger } from '@switchboard/runtime';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';

Logger.overrideLogger(['error']);
const targets: DatabaseTarget[] = databaseTargetsFor('command ledger');

describe.each(targets)('command ledger on $dialect', (target) => {
  let dataSource: SwitchboardDataSource;
  let ledger: CommandLedger;
  const entry = (key: string, attempt: number, record: Parameters<CommandLedger['record']>[1]['record']) => ({
    instanceId: 'inst-1',
    tenantId: 'tenant-a',
    idempotencyKey: key,
    action: 'ticket.create',
    commandId: `cmd-${attempt}`,
    record,
  });
  /** Records in a transaction of its own, as the command worker does (queued, then flushed). */
  const record = (...entries: Parameters<CommandLedger['record']>[1][]) =>
    dataSource.transaction(async (manager) => {
      const writes = new WriteBatch(manager);
      for (const e of entries) ledger.record(writes, e);
      await writes.flush();
    });
  const row = (key: string) =>
    dataSource
      .getRepository(CommandLedgerEntry)
      .findOneByOrFail({ instanceId: 'inst-1', idempotencyKey: key });

  beforeEach(async () => {
    dataSource = await openDataSource(await target.fresh());
    ledger = new CommandLedger(dataSource);
  });
  afterEach(() => dataSource.destroy());
  afterAll(() => target.cleanup());

  it('records a first outcome, then a later attempt over it: counted, latest outcome kept, creation time kept', async () => {
    expect(await ledger.get('inst-1', 'run-1/open#1')).toBeUndefined();
    const failed = { status: 'failed' as const, error: { code: 'retryable', message: 'vendor down' } };
    await record(entry('run-1/open#1', 1, failed));
    expect(await ledger.get('inst-1', 'run-1/open#1')).toEqual(failed);
    const first = await row('run-1/open#1');
    expect(first).toMatchObject({ attempts: 1, commandId: 'cmd-1', tenantId: 'tenant-a' });

    await new Promise((resolve) => setTimeout(resolve, 5));
    const succeeded = { status: 'succeeded' as const, output: { ticket: { id: '42' } } };
    await record(entry('run-1/open#1', 2, succeeded));
    expect(await ledger.get('inst-1', 'run-1/open#1')).toEqual(succeeded);
    const second = await row('run-1/open#1');
    expect(second).toMatchObject({ attempts: 2, commandId: 'cmd-2', error: null });
    expect(second.createdAt.getTime()).toBe(first.createdAt.getTime());
    expect(second.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());
  });

  it('keeps keys apart, and writes nothing when the transaction rolls back', async () => {
    const ok = { status: 'succeeded' as const, output: { n: 1 } };
    await record(entry('k-1', 1, ok));
    await expect(
      dataSource.transaction(async (manager) => {
        const writes = new WriteBatch(manager);
        ledger.record(writes, entry('k-2', 1, ok));
        await writes.flush();
        throw new Error('the outbox write failed');
      }),
    ).rejects.toThrow('the outbox write failed');
    expect(await ledger.get('inst-1', 'k-1')).toEqual(ok);
    expect(await ledger.get('inst-1', 'k-2')).toBeUndefined();
    expect(await dataSource.getRepository(CommandLedgerEntry).count()).toBe(1);
  });
});
