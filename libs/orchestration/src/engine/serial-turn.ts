import { lockUntilTransactionEnds } from '@switchboard/persistence';
import type { EntityManager } from 'typeorm';

/** First key of the two-key PostgreSQL advisory lock on a serial key (the audit log uses another). */
export const SERIAL_KEY_LOCK_NAMESPACE = 0x5e71a1;

/** The serial key of an alert's runs: one run of an incident's alert at a time, per tenant. */
export function incidentSerialKey(tenantId: string, dedupKey: string): string {
  return `incident:${tenantId}:${dedupKey}`;
}

/**
 * Makes the caller's transaction the only one of its serial key until it ends: the transaction
 * that decides whether a new run waits for an active one, and the one that ends a run, take turns.
 *
 * On PostgreSQL they otherwise overlap: a trigger that saw the run still active queues its run,
 * the ending run's transaction commits, looks for a queued run, finds none (the trigger's has not
 * committed yet), and the queued run waits for ever; or the trigger reads the incident before the
 * ending run linked its ticket, sees the run ended, and starts with a stale incident. A
 * transaction-scoped advisory lock, taken before either reads, orders them. SQLite needs none: a
 * process runs its transactions one at a time, and across processes a transaction that read before
 * another one's commit cannot write after it (SQLite refuses it with SQLITE_BUSY_SNAPSHOT), so it
 * fails rather than acting on what it read.
 */
export function takeSerialTurn(manager: EntityManager, serialKey: string): Promise<void> {
  return lockUntilTransactionEnds(manager, SERIAL_KEY_LOCK_NAMESPACE, serialKey);
}
