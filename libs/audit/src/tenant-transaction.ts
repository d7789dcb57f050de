import { lockUntilTransactionEnds } from '@switchboard/persistence';
import type { DataSource, EntityManager } from 'typeorm';

/** First key of the two-key PostgreSQL advisory lock: keeps audit locks apart from other users. */
export const AUDIT_LOCK_NAMESPACE = 0x5a0d17;

// SQLite: one queue per database file, shared by every DataSource of this process on that file.
// better-sqlite3 blocks the event loop while it waits for a lock, so two in-process writers that
// both waited on the file lock would deadlock; in-process they take turns here instead, and the
// file lock only arbitrates between processes.
const sqliteQueues = new Map<string, Promise<unknown>>();

/**
 * Runs `work` in a transaction that no other append to the same tenant's chain can interleave
 * with, in this process or another. PostgreSQL: a transaction-scoped advisory lock on the tenant.
 * SQLite: the database write lock, taken by the transaction's first statement (the equivalent of
 * `BEGIN IMMEDIATE`), so the read of the chain head and the insert see the same state.
 */
export function inTenantTransaction<T>(
  dataSource: DataSource,
  tenantId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (dataSource.options.type === 'postgres') {
    return dataSource.transaction(async (manager) => {
      await lockUntilTransactionEnds(manager, AUDIT_LOCK_NAMESPACE, tenantId);
      return work(manager);
    });
  }
  const file = String(dataSource.options.database);
  const previous = sqliteQueues.get(file) ?? Promise.resolve();
  const run = previous.then(() =>
    dataSource.transaction(async (manager) => {
      // A write as the first statement takes the RESERVED lock (waiting out the busy timeout)
      // before any read snapshot exists, so it can never fail with SQLITE_BUSY_SNAPSHOT later.
      await manager.query('UPDATE "audit_entries" SET "seq" = "seq" WHERE 0');
      return work(manager);
    }),
  );
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  sqliteQueues.set(file, settled);
  void settled.then(() => {
    if (sqliteQueues.get(file) === settled) sqliteQueues.delete(file);
  });
  return run;
}
