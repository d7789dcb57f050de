import { DataSource, type Migration } from 'typeorm';
import { createDataSourceOptions } from './data-source-options';
import { POSTGRES_MIGRATION_LOCK_KEY } from './persistence.constants';
import type { DatabaseDialect, PersistenceOptions } from './persistence.options';
import { SqliteTransactionGate, type TransactionArgs } from './sqlite/sqlite-transaction-gate';

/**
 * A TypeORM data source with the two rules the hub's entities and replicas rely on:
 *
 * - A `Date` property is an instant. On SQLite TypeORM already stores it as a UTC `datetime`
 *   text; on PostgreSQL its default would be `timestamp without time zone`, which pg reads back
 *   in the reading process's time zone, so replicas in different zones would disagree. Here it
 *   becomes `timestamptz`. Entities therefore declare `type: Date` (or a Create/Update/Delete
 *   date column) and stay dialect-neutral.
 * - On PostgreSQL, replicas starting together take turns running migrations (an advisory lock),
 *   so the second one finds nothing pending instead of failing on "relation already exists".
 * - On SQLite, transactions take turns, nothing else runs inside one, and those that queued up
 *   meanwhile commit together (see {@link SqliteTransactionGate}): the driver has a single
 *   connection for the whole process.
 */
export class SwitchboardDataSource extends DataSource {
  #gate?: SqliteTransactionGate;

  override async initialize(): Promise<this> {
    if (this.options.type === 'better-sqlite3' && !this.#gate) {
      const gate = new SqliteTransactionGate(this);
      this.#gate = gate;
      // The driver's one query runner, shared by every repository, manager and transaction.
      gate.guard(this.driver.createQueryRunner('master'));
      (this.manager as { transaction: unknown }).transaction = (...args: TransactionArgs) =>
        gate.transaction(args);
    }
    return super.initialize();
  }
  /** `sqlite` or `postgres`. */
  get dialect(): DatabaseDialect {
    return dialectOf(this);
  }

  protected override async buildMetadatas(): Promise<void> {
    await super.buildMetadatas();
    if (this.options.type !== 'postgres') return;
    for (const column of this.entityMetadatas.flatMap((metadata) => metadata.columns)) {
      const dateColumn = column.isCreateDate || column.isUpdateDate || column.isDeleteDate;
      if (column.type === Date || (dateColumn && column.type === 'timestamp')) column.type = 'timestamptz';
    }
  }

  override async runMigrations(options?: Parameters<DataSource['runMigrations']>[0]): Promise<Migration[]> {
    if (this.options.type !== 'postgres') return super.runMigrations(options);
    // Session-level lock on its own connection: the migration executor uses other pool
    // connections, and a transaction-level lock would be taken too late (after it read the
    // list of executed migrations).
    const lockHolder = this.createQueryRunner();
    try {
      await lockHolder.query('SELECT pg_advisory_lock($1)', [POSTGRES_MIGRATION_LOCK_KEY]);
      try {
        return await super.runMigrations(options);
      } finally {
        await lockHolder.query('SELECT pg_advisory_unlock($1)', [POSTGRES_MIGRATION_LOCK_KEY]);
      }
    } finally {
      await lockHolder.release();
    }
  }
}

/**
 * A not-yet-initialized {@link SwitchboardDataSource} for these options. `initialize()` connects
 * and runs pending migrations. This is also what a TypeORM CLI data-source file should export.
 */
export function createDataSource(options: PersistenceOptions): SwitchboardDataSource {
  return new SwitchboardDataSource(createDataSourceOptions(options));
}

/** The dialect of any TypeORM data source the hub created. */
export function dialectOf(dataSource: DataSource): DatabaseDialect {
  return dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
}
