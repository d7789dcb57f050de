import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { createDataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

describe('createDataSourceOptions', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-options-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('defaults to a WAL SQLite file in the data dir, creating the dir', () => {
    const dataDir = path.join(tmp, 'not', 'yet', 'there');
    const options = createDataSourceOptions({ dataDir });

    expect(options).toMatchObject({
      type: 'better-sqlite3',
      database: path.join(dataDir, 'switchboard.sqlite'),
      enableWAL: true,
      timeout: 5_000,
      migrationsRun: true,
      synchronize: false,
    });
    expect(fs.statSync(dataDir).isDirectory()).toBe(true);
    expect(options.migrations).toEqual(SQLITE_MIGRATIONS);
    expect(options.entities).toEqual(ENTITIES);
  });

  it('uses a bounded pg pool and the PostgreSQL migrations for a postgres URL', () => {
    const options = createDataSourceOptions({ databaseUrl: 'postgresql://sb:pw@db:5432/hub', dataDir: tmp });

    expect(options).toMatchObject({
      type: 'postgres',
      url: 'postgresql://sb:pw@db:5432/hub',
      poolSize: 10,
      connectTimeoutMS: 5_000,
      applicationName: 'switchboard',
      migrationsRun: true,
      synchronize: false,
    });
    expect(options.migrations).toEqual(POSTGRES_MIGRATIONS);
  });

  it('lists migrations and entities as classes, never as globs (the apps are bundled)', () => {
    for (const databaseUrl of [undefined, 'postgres://db/hub']) {
      const { migrations, entities } = createDataSourceOptions({ databaseUrl, dataDir: tmp });
      for (const item of [...(migrations as unknown[]), ...(entities as unknown[])]) {
        expect(typeof item).toBe('function');
      }
    }
  });

  it('gives every migration the same explicit name in both dialects, in the same order', () => {
    const names = (list: readonly (new () => { name?: string })[]) =>
      list.map((migration) => new migration().name);
    expect(names(SQLITE_MIGRATIONS)).toEqual(names(POSTGRES_MIGRATIONS));
    expect(names(SQLITE_MIGRATIONS).every((name) => /\d{13}$/.test(name ?? ''))).toBe(true);
    expect([...names(SQLITE_MIGRATIONS)].sort((a, b) => timestamp(a) - timestamp(b))).toEqual(
      names(SQLITE_MIGRATIONS),
    );
  });

  it('refuses an unsupported URL with a validation error that hides the password', () => {
    const attempt = () =>
      createDataSourceOptions({ databaseUrl: 'mssql://sa:Hunter2!@db/hub', dataDir: tmp });
    expect(attempt).toThrow(SwitchboardError);
    expect(attempt).toThrow(
      /^DATABASE_URL has an unsupported scheme "mssql:" \(mssql:\/\/sa:\*\*\*@db\/hub\)/,
    );
    try {
      attempt();
    } catch (error) {
      expect((error as SwitchboardError).code).toBe(ErrorCode.Validation);
      expect((error as SwitchboardError).message).not.toContain('Hunter2');
    }
  });
});

function timestamp(name: string | undefined): number {
  return Number(/(\d{13})$/.exec(name ?? '')?.[1]);
}
