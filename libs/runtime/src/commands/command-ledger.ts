import { CommandLedgerEntry, type CommandLedgerStatus } from '@switchboard/persistence';
import type { DataSource, EntityManager } from 'typeorm';

/** A finished command as the ledger remembers it. */
export interface LedgerRecord {
  status: CommandLedgerStatus;
  output?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/** The runtime's memory of commands by instance and idempotency key (`command_ledger`). */
export class CommandLedger {
  constructor(private readonly dataSource: DataSource) {}

  async get(instanceId: string, idempotencyKey: string): Promise<LedgerRecord | undefined> {
    const row = await this.dataSource
      .getRepository(CommandLedgerEntry)
      .findOneBy({ instanceId, idempotencyKey });
    if (!row) return undefined;
    return {
      status: row.status,
      ...(row.output ? { output: JSON.parse(row.output) as Record<string, unknown> } : {}),
      ...(row.error ? { error: JSON.parse(row.error) as { code: string; message: string } } : {}),
    };
  }

  /** Records an outcome inside the caller's transaction (with the result event in the outbox). */
  async record(
    manager: EntityManager,
    entry: {
      instanceId: string;
      tenantId: string;
      idempotencyKey: string;
      action: string;
      commandId: string;
      attempt: number;
      record: LedgerRecord;
    },
  ): Promise<void> {
    const repository = manager.getRepository(CommandLedgerEntry);
    const existing = await repository.findOneBy({
      instanceId: entry.instanceId,
      idempotencyKey: entry.idempotencyKey,
    });
    const now = new Date();
    await repository.upsert(
      {
        instanceId: entry.instanceId,
        idempotencyKey: entry.idempotencyKey,
        tenantId: entry.tenantId,
        action: entry.action,
        commandId: entry.commandId,
        status: entry.record.status,
        output: entry.record.output ? JSON.stringify(entry.record.output) : null,
        error: entry.record.error ? JSON.stringify(entry.record.error) : null,
        attempts: (existing?.attempts ?? 0) + 1,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      },
      ['instanceId', 'idempotencyKey'],
    );
  }
}
