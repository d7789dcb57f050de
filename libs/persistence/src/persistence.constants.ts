/** SQLite file created inside the data dir when `DATABASE_URL` is unset. */
export const DEFAULT_SQLITE_FILE = 'switchboard.sqlite';

/**
 * How long a SQLite statement waits for another connection's write lock before failing with
 * SQLITE_BUSY. Several processes (the separate apps, a CLI) may share one file in WAL mode.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** Connections per process. Replicas multiply this, so keep it well under `max_connections`. */
export const POSTGRES_POOL_SIZE = 10;

/** Fail a PostgreSQL connection attempt after this long instead of hanging a start or a request. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;

/** Close pooled PostgreSQL connections idle for this long. */
export const POSTGRES_IDLE_TIMEOUT_MS = 30_000;

/** Shown in `pg_stat_activity`, so a DBA can tell whose connections these are. */
export const POSTGRES_APPLICATION_NAME = 'switchboard';

/** Table where TypeORM records which migrations ran. */
export const MIGRATIONS_TABLE = 'migrations';

/**
 * Session-level advisory lock key that serialises migration runs across replicas starting at
 * once. Any constant works as long as nothing else in the database uses it ("SWBD" in ASCII).
 */
export const POSTGRES_MIGRATION_LOCK_KEY = 0x53574244;

/** Default bound on `DatabaseHealth.check()`. */
export const HEALTH_CHECK_TIMEOUT_MS = 2_000;

/** Queries slower than this are logged as warnings. */
export const SLOW_QUERY_MS = 1_000;
