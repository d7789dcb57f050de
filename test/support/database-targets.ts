import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { type DatabaseDialect, type PersistenceOptions, redactDatabaseUrl } from '@switchboard/persistence';

/** Tried when neither TEST_DATABASE_URL nor a postgres DATABASE_URL is set (what test/env/ensure-postgres.sh sets up). */
export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A database server the suite may create throwaway databases on. */
export interface DatabaseTarget {
  readonly dialect: DatabaseDialect;
  /** A new, empty database, and options pointing at it. */
  fresh(): Promise<PersistenceOptions>;
  /** Makes the database behind `options` disappear while something may still be connected. */
  destroy(options: PersistenceOptions): Promise<void>;
  /** Removes every database this target created. */
  cleanup(): Promise<void>;
}

/** SQLite: one temporary data dir per fresh database. */
export function sqliteTarget(): DatabaseTarget {
  const dirs: string[] = [];
  return {
    dialect: 'sqlite',
    async fresh() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-persistence-'));
      dirs.push(dir);
      // A data dir that does not exist yet, as on a first start.
      return { dataDir: path.join(dir, 'data') };
    },
    async destroy(options) {
      fs.rmSync(options.dataDir, { recursive: true, force: true });
    },
    async cleanup() {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * PostgreSQL: `CREATE DATABASE sb_test_<run>_<n>` on the server behind `adminUrl` per fresh
 * database, `DROP DATABASE … WITH (FORCE)` at cleanup. The run id is random, so suites running
 * in parallel (other workers, other CI jobs on the same server) never share a database.
 */
export function postgresTarget(adminUrl: string): DatabaseTarget {
  const run = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const created: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-persistence-pg-'));

  const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const drop = (name: string) =>
    admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  return {
    dialect: 'postgres',
    async fresh() {
      const name = `sb_test_${run}_${created.length + 1}`;
      await admin((client) => client.query(`CREATE DATABASE "${name}"`));
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return { databaseUrl: url.toString(), dataDir };
    },
    async destroy(options) {
      await drop(new URL(options.databaseUrl!).pathname.slice(1));
    },
    async cleanup() {
      for (const name of created.splice(0)) await drop(name);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Which PostgreSQL server the suite uses, or why it does not use one. */
export type PostgresChoice =
  { run: true; url: string; source: string } | { run: false; required: boolean; reason: string };

/**
 * TEST_DATABASE_URL, else DATABASE_URL when it is a postgres URL, else the local default.
 * An explicitly configured server that does not answer is an error (`required`), so CI cannot
 * silently skip PostgreSQL; a missing local default only skips.
 *
 * Synchronous on purpose: Jest needs to know which suites exist before any test runs.
 */
export function choosePostgres(env: NodeJS.ProcessEnv = process.env): PostgresChoice {
  const fromEnv = env.TEST_DATABASE_URL?.trim()
    ? { url: env.TEST_DATABASE_URL.trim(), source: 'TEST_DATABASE_URL' }
    : /^postgres(ql)?:\/\//i.test(env.DATABASE_URL ?? '')
      ? { url: env.DATABASE_URL!.trim(), source: 'DATABASE_URL' }
      : undefined;
  const candidate = fromEnv ?? { url: DEFAULT_TEST_POSTGRES_URL, source: 'the default' };
  const failure = probe(candidate.url);
  if (!failure) return { run: true, ...candidate };
  return {
    run: false,
    required: fromEnv !== undefined,
    reason: `${candidate.source} ${redactDatabaseUrl(candidate.url)} did not answer: ${failure}`,
  };
}

function probe(url: string): string | undefined {
  const script = `
    const { Client } = require(process.env.SB_PG_MODULE);
    const client = new Client({ connectionString: process.env.SB_PG_URL, connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.query('SELECT 1')).then(() => client.end()).then(
      () => process.exit(0),
      (error) => { process.stderr.write(String(error && (error.message || error.code || error))); process.exit(1); },
    );`;
  const result = spawnSync(process.execPath, ['-e', script], {
    env: { ...process.env, SB_PG_MODULE: require.resolve('pg'), SB_PG_URL: url },
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (result.status === 0) return undefined;
  return (result.stderr || result.error?.message || `probe exited with ${result.status}`).trim();
}

/**
 * The databases a suite runs on: SQLite always, PostgreSQL when one answers. When PostgreSQL was
 * asked for (DATABASE_URL / TEST_DATABASE_URL) but does not answer, a failing test says so, so CI
 * can never skip it silently; when it merely is not there locally, a warning says the half did not run.
 */
export function databaseTargetsFor(suite: string): DatabaseTarget[] {
  const postgres = choosePostgres();
  const targets: DatabaseTarget[] = [sqliteTarget()];
  if (postgres.run) {
    targets.push(postgresTarget(postgres.url));
  } else if (postgres.required) {
    describe(`${suite} on postgres`, () => {
      it('reaches the configured PostgreSQL server', () => {
        throw new Error(postgres.reason);
      });
    });
  } else {
    console.warn(`PostgreSQL half of the ${suite} suite did NOT run: ${postgres.reason}`);
  }
  return targets;
}
