import type { EntityManager } from 'typeorm';

/** A write statement ready to run: its text in the driver's placeholders, the values, its table. */
export interface PreparedWrite {
  /** The table it writes (a `WriteBatch` keeps writes that touch one table in separate statements). */
  readonly table: string;
  readonly text: string;
  readonly parameters: unknown[];
}

/** Placeholder `n` (from 1) as the manager's driver writes it: `$n` on PostgreSQL, `?` on SQLite. */
export function placeholderStyle(manager: EntityManager): (n: number) => string {
  return manager.connection.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
}

/**
 * Runs a write on the caller's transaction runner, or on one of the pool's for it alone;
 * resolves with the number of rows it changed.
 */
export async function countedWrite(
  manager: EntityManager,
  text: string,
  parameters: unknown[],
): Promise<number> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = (await runner.query(text, parameters, true)) as { affected?: number };
    return result.affected ?? 0;
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/**
 * On PostgreSQL, waits for a transaction-scoped advisory lock on (`namespace`, `key`) and holds it
 * until the caller's transaction ends: transactions that take the same lock run their remaining
 * statements one after another, in this process or another. `namespace` keeps one user's keys
 * apart from another's. On SQLite it does nothing: the caller says what stands in for it there.
 */
export async function lockUntilTransactionEnds(
  manager: EntityManager,
  namespace: number,
  key: string,
): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [namespace, key]);
}
