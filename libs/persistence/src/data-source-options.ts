import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { migrationsFor } from './migrations';
import {
  MIGRATIONS_TABLE,
  POSTGRES_APPLICATION_NAME,
  POSTGRES_CONNECT_TIMEOUT_MS,
  POSTGRES_IDLE_TIMEOUT_MS,
  POSTGRES_POOL_SIZE,
  SLOW_QUERY_MS,
  SQLITE_BUSY_TIMEOUT_MS,
} from './persistence.constants';
import type { PersistenceOptions } from './persistence.options';
import { resolveDatabaseTarget } from './database-url';
import { TypeOrmNestLogger } from './typeorm-nest-logger';

/**
 * TypeORM options for the hub's database: SQLite (WAL, busy timeout, foreign keys) in the data
 * dir when `databaseUrl` is unset, PostgreSQL with a bounded pool for `postgres://` URLs.
 *
 * Entities and migrations are explicit class lists (the apps are bundled, globs would find
 * nothing); migrations run on initialize; `synchronize` is off. Creates the SQLite directory.
 * Throws a `validation` SwitchboardError for an unusable URL.
 *
 * Pass the result to {@link createDataSource}, not to `new DataSource()`: the Switchboard data
 * source maps `Date` columns to `timestamptz` on PostgreSQL and serialises migration runs.
 */
export function createDataSourceOptions(options: PersistenceOptions): DataSourceOptions {
  const target = resolveDatabaseTarget(options);
  const common = {
    entities: [...ENTITIES],
    migrations: [...migrationsFor(target.dialect)],
    migrationsRun: true,
    // Each migration commits on its own: a failure leaves the schema at the last good step, and a
    // migration that cannot run in a transaction (CREATE INDEX CONCURRENTLY) may opt out.
    migrationsTransactionMode: 'each' as const,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    maxQueryExecutionTime: SLOW_QUERY_MS,
    logger: new TypeOrmNestLogger(
      options.logging ?? false,
      target.dialect === 'postgres' ? target.url : undefined,
    ),
  };

  if (target.dialect === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: target.url,
      applicationName: POSTGRES_APPLICATION_NAME,
      poolSize: POSTGRES_POOL_SIZE,
      connectTimeoutMS: POSTGRES_CONNECT_TIMEOUT_MS,
      extra: { idleTimeoutMillis: POSTGRES_IDLE_TIMEOUT_MS, keepAlive: true },
    };
  }

  if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: target.file,
    // WAL lets readers run while one writer commits, which the bus consumers and the admin API do
    // all the time.
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      // The driver also turns foreign keys on; saying it here keeps it true whatever the driver does.
      db.pragma('foreign_keys = ON');
      // Said, not left to defaults: better-sqlite3 is built to open a WAL database at NORMAL,
      // while SQLite's own default is FULL. We ack messages after commit: by default a commit
      // must survive a power cut.
      db.pragma(`synchronous = ${(options.sqliteSync ?? 'full').toUpperCase()}`);
    },
  };
}
