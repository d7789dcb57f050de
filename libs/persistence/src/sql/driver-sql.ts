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
