import {
  CommandLedgerEntry,
  EntityStatement,
  type CommandLedgerStatus,
  type WriteBatch,
} from '@switchboard/persistence';
import type { DataSource } from 'typeorm';

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
    const [row] = await LEDGER_GET.select(this.dataSource.manager, { instanceId, idempotencyKey });
    if (!row) return undefined;
    return {
      status: row.status,
      ...(row.output ? { output: JSON.parse(row.output) as Record<string, unknown> } : {}),
      ...(row.error ? { error: JSON.parse(row.error) as { code: string; message: string } } : {}),
    };
  }

  /**
   * Records an outcome in the caller's transaction (with the result event in the outbox): queued on
   * its write batch, which the caller flushes before it commits.
   */
  record(
    writes: WriteBatch,
    entry: {
      instanceId: string;
      tenantId: string;
      idempotencyKey: string;
      action: string;
      commandId: string;
      record: LedgerRecord;
    },
  ): void {
    // One statement: a first outcome inserts; a later one (a failed command sent again under its
    // key) replaces the outcome, counts itself in `attempts` and keeps the creation time.
    const now = new Date();
    writes.execute(LEDGER_UPSERT, {
      instanceId: entry.instanceId,
      idempotencyKey: entry.idempotencyKey,
      tenantId: entry.tenantId,
      action: entry.action,
      commandId: entry.commandId,
      status: entry.record.status,
      output: entry.record.output ? JSON.stringify(entry.record.output) : null,
      error: entry.record.error ? JSON.stringify(entry.record.error) : null,
      createdAt: now,
      updatedAt: now,
    });
  }
}

const LEDGER_GET = new EntityStatement(
  CommandLedgerEntry,
  'SELECT * FROM "command_ledger" WHERE "instance_id" = :instanceId AND "idempotency_key" = :idempotencyKey',
);

const LEDGER_UPSERT = new EntityStatement(
  CommandLedgerEntry,
  `
  INSERT INTO "command_ledger" ("instance_id", "idempotency_key", "tenant_id", "action", "command_id",
    "status", "output", "error", "attempts", "created_at", "updated_at")
  VALUES (:instanceId, :idempotencyKey, :tenantId, :action, :commandId,
    :status, :output, :error, 1, :createdAt, :updatedAt)
  ON CONFLICT ("instance_id", "idempotency_key") DO UPDATE SET
    "tenant_id" = EXCLUDED."tenant_id", "action" = EXCLUDED."action", "command_id" = EXCLUDED."command_id",
    "status" = EXCLUDED."status", "output" = EXCLUDED."output", "error" = EXCLUDED."error",
    "updated_at" = EXCLUDED."updated_at", "attempts" = "command_ledger"."attempts" + 1`,
);
