/** The SQL dialects Switchboard ships migrations for. */
export type DatabaseDialect = 'sqlite' | 'postgres';

/** Where the hub keeps its state. Usually built from `DATABASE_URL` and `SWITCHBOARD_DATA_DIR`. */
export interface PersistenceOptions {
  /**
   * Unset or empty: embedded SQLite file `switchboard.sqlite` in {@link dataDir}.
   * `postgres://user:password@host:5432/database` (or `postgresql://`): PostgreSQL.
   * `sqlite:/path/to/file.sqlite` or `file:/path/to/file.sqlite`: SQLite at that path
   * (relative paths resolve against the working directory).
   */
  databaseUrl?: string;
  /** The hub's data directory (default `./data` is applied by the config loader, not here). */
  dataDir: string;
  /**
   * When SQLite writes a commit through to the disk (its `synchronous` pragma): `full` (the
   * default) at every commit, to survive a power cut; `normal` at checkpoints, enough to survive
   * a crash of the process. Ignored on PostgreSQL.
   */
  sqliteSync?: 'normal' | 'full';
  /** Log every SQL statement at debug level. Errors and slow queries are logged regardless. */
  logging?: boolean;
}
