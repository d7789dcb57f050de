/**
 * The persistence layer on every dialect we ship: SQLite always, PostgreSQL when a server is
 * configured (TEST_DATABASE_URL, else a postgres DATABASE_URL) or the local default answers.
 * Each PostgreSQL test gets its own freshly created database, dropped at the end.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import {
  DEFAULT_SQLITE_FILE,
  DatabaseHealth,
  ENTITIES,
  HubMetaStore,
  MIGRATIONS_TABLE,
  PersistenceModule,
  ProcessedEvent,
  ProcessedEventRepository,
  SQLITE_BUSY_TIMEOUT_MS,
  type PersistenceOptions,
  type SwitchboardDataSource,
  migrationsFor,
  openDataSource,
} from '@switchboard/persistence';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';

// Migration and connection chatter would drown the test output; warnings and errors still show.
Logger.overrideLogger(['error', 'warn']);

const targets: DatabaseTarget[] = databaseTargetsFor('persistence');

describe.each(targets)('persistence on $dialect', (target) => {
  const open: DataSource[] = [];
  const connect = async (options: PersistenceOptions): Promise<SwitchboardDataSource> => {
    const dataSource = await openDataSource(options);
    open.push(dataSource);
    return dataSource;
  };
  const migrationCount = migrationsFor(target.dialect).length;
  const tableNames = (dataSource: DataSource) =>
    ENTITIES.map((entity) => dataSource.getMetadata(entity).tableName);

  afterEach(async () => {
    for (const dataSource of open.splice(0)) if (dataSource.isInitialized) await dataSource.destroy();
  });
  afterAll(() => target.cleanup());

  describe('migrations', () => {
    it('build the schema from an empty database on start', async () => {
      const dataSource = await connect(await target.fresh());

      expect(await dataSource.showMigrations()).toBe(false);
      const executed = await dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
      expect(executed).toHaveLength(migrationCount);
      const runner = dataSource.createQueryRunner();
      try {
        for (const table of tableNames(dataSource)) expect(await runner.hasTable(table)).toBe(true);
      } finally {
        await runner.release();
      }
    });

    it('do nothing when run again, in the same process or on the next start', async () => {
      const options = await target.fresh();
      const first = await connect(options);
      expect(await first.runMigrations()).toEqual([]);
      await first.destroy();

      const second = await connect(options);
      expect(await second.runMigrations()).toEqual([]);
      expect(await second.query(`SELECT name FROM ${MIGRATIONS_TABLE}`)).toHaveLength(migrationCount);
    });

    it('can all be undone, then applied again', async () => {
      const dataSource = await connect(await target.fresh());
      for (let i = 0; i < migrationCount; i++) await dataSource.undoLastMigration();

      const runner = dataSource.createQueryRunner();
      try {
        for (const table of tableNames(dataSource)) expect(await runner.hasTable(table)).toBe(false);
      } finally {
        await runner.release();
      }
      expect(await dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE}`)).toHaveLength(0);

      expect(await dataSource.runMigrations()).toHaveLength(migrationCount);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    });

    it('produce exactly the schema the entities describe (drift check)', async () => {
      const dataSource = await connect(await target.fresh());
      const pending = await dataSource.driver.createSchemaBuilder().log();
      // On failure this lists the SQL a new migration in migrations/<dialect>/ is missing.
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    });

    if (target.dialect === 'postgres') {
      it('run once when several replicas start at the same time', async () => {
        const options = await target.fresh();
        const replicas = await Promise.all([connect(options), connect(options), connect(options)]);
        expect(await replicas[0]!.query(`SELECT name FROM ${MIGRATIONS_TABLE}`)).toHaveLength(migrationCount);
      });
    }
  });

  describe('processed events', () => {
    let dataSource: SwitchboardDataSource;
    let options: PersistenceOptions;
    let ledger: ProcessedEventRepository;
    beforeEach(async () => {
      options = await target.fresh();
      dataSource = await connect(options);
      ledger = new ProcessedEventRepository(dataSource);
    });

    it('remembers what a consumer handled, per consumer', async () => {
      expect(await ledger.has('orchestrator', 'evt-1')).toBe(false);
      await ledger.mark('orchestrator', 'evt-1');
      await ledger.mark('orchestrator', 'evt-1');

      expect(await ledger.has('orchestrator', 'evt-1')).toBe(true);
      expect(await ledger.has('ticket-sync', 'evt-1')).toBe(false);
      expect(await dataSource.getRepository(ProcessedEvent).count()).toBe(1);
    });

    it('lets exactly one of many concurrent claims win', async () => {
      const claims = await Promise.all(
        Array.from({ length: 25 }, () => ledger.claim('orchestrator', 'evt-race')),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it('stays idempotent when two replicas mark the same events at once', async () => {
      const other = new ProcessedEventRepository(await connect(options));
      const ids = Array.from({ length: 20 }, (_, i) => `evt-${i}`);
      await Promise.all(ids.flatMap((id) => [ledger.mark('sync', id), other.mark('sync', id)]));

      expect(await dataSource.getRepository(ProcessedEvent).count()).toBe(ids.length);
      const claims = await Promise.all(
        ids.flatMap((id) => [ledger.claim('sync2', id), other.claim('sync2', id)]),
      );
      expect(claims.filter(Boolean)).toHaveLength(ids.length);
    });

    it('rolls a mark back with the handler transaction that made it', async () => {
      await expect(
        dataSource.transaction(async (manager) => {
          expect(await ledger.claim('orchestrator', 'evt-failed', manager)).toBe(true);
          throw new Error('handler failed after marking');
        }),
      ).rejects.toThrow('handler failed');
      expect(await ledger.has('orchestrator', 'evt-failed')).toBe(false);

      await dataSource.transaction((manager) => ledger.mark('orchestrator', 'evt-ok', manager));
      expect(await ledger.has('orchestrator', 'evt-ok')).toBe(true);
    });

    it('prunes marks older than a cutoff and keeps the rest', async () => {
      const repository = dataSource.getRepository(ProcessedEvent);
      const cutoff = new Date('2026-06-01T00:00:00.000Z');
      await repository.insert([
        { consumer: 'c', eventId: 'old-1', processedAt: new Date(cutoff.getTime() - 86_400_000) },
        { consumer: 'c', eventId: 'old-2', processedAt: new Date(cutoff.getTime() - 1) },
        { consumer: 'c', eventId: 'at-cutoff', processedAt: cutoff },
        { consumer: 'c', eventId: 'new', processedAt: new Date(cutoff.getTime() + 1) },
      ]);

      expect(await ledger.prune(cutoff)).toBe(2);
      const left = await repository.find({ order: { eventId: 'ASC' } });
      expect(left.map((row) => row.eventId)).toEqual(['at-cutoff', 'new']);
    });
  });

  describe('dates', () => {
    it('round-trip to the millisecond, whatever the time zones of the writer and the reader', async () => {
      const options = await target.fresh();
      const instants = [
        '2026-03-29T01:30:00.123Z', // inside the European DST gap
        '1999-12-31T23:59:59.999Z',
        '2038-01-19T03:14:08.001Z', // past the 32-bit epoch
      ];
      await connect(options); // migrate once, so the children do not race for it

      // Jest cannot change its own process's time zone, so writer and reader are child processes.
      await runDateChild('write', 'Pacific/Auckland', options, instants);
      const readElsewhere = JSON.parse(
        await runDateChild('read', 'America/Los_Angeles', options),
      ) as string[];
      const readHere = await open[0]!.getRepository(ProcessedEvent).find({ order: { eventId: 'ASC' } });

      expect(readElsewhere).toEqual(instants);
      expect(readHere.map((row) => row.processedAt)).toEqual(instants.map((iso) => new Date(iso)));
    });
  });

  describe('concurrent transactions in one process', () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const markIn = (manager: EntityManager, consumer: string) =>
      manager.getRepository(ProcessedEvent).insert({ consumer, eventId: 'e1', processedAt: new Date() });
    const mark = (dataSource: DataSource, consumer: string) => markIn(dataSource.manager, consumer);
    const consumers = async (dataSource: DataSource) =>
      (await dataSource.getRepository(ProcessedEvent).find()).map((row) => row.consumer).sort();

    it('never lose a write made outside a transaction that rolls back meanwhile', async () => {
      const dataSource = await connect(await target.fresh());
      const failing = dataSource.transaction(async (manager) => {
        await manager
          .getRepository(ProcessedEvent)
          .insert({ consumer: 'rolled-back', eventId: 'e1', processedAt: new Date() });
        await pause(50);
        throw new Error('the change failed');
      });
      await pause(10);
      await mark(dataSource, 'outside'); // while the other transaction is open
      await expect(failing).rejects.toThrow('the change failed');
      expect(await consumers(dataSource)).toEqual(['outside']);
    });

    it('keep each transaction whole: one rolling back takes nothing of another that committed', async () => {
      const dataSource = await connect(await target.fresh());
      const committed = dataSource.transaction(async (manager) => {
        await pause(20);
        await manager
          .getRepository(ProcessedEvent)
          .insert({ consumer: 'committed', eventId: 'e1', processedAt: new Date() });
      });
      const failed = dataSource.transaction(async (manager) => {
        await manager
          .getRepository(ProcessedEvent)
          .insert({ consumer: 'failed', eventId: 'e1', processedAt: new Date() });
        await pause(40);
        throw new Error('boom');
      });
      await committed;
      await expect(failed).rejects.toThrow('boom');
      expect(await consumers(dataSource)).toEqual(['committed']);
    });

    it('keep each of many concurrent transactions whole: the failing ones take nothing, the rest commit', async () => {
      const dataSource = await connect(await target.fresh());
      const outcomes = await Promise.allSettled(
        Array.from({ length: 24 }, (_, i) =>
          dataSource.transaction(async (manager) => {
            const repository = manager.getRepository(ProcessedEvent);
            await repository.insert({ consumer: `c${i}`, eventId: 'first', processedAt: new Date() });
            await new Promise((resolve) => setImmediate(resolve));
            await repository.insert({ consumer: `c${i}`, eventId: 'second', processedAt: new Date() });
            if (i % 5 === 0) throw new Error(`transaction ${i} failed`);
            return i;
          }),
        ),
      );
      outcomes.forEach((outcome, i) =>
        expect(outcome).toEqual(
          i % 5 === 0
            ? { status: 'rejected', reason: new Error(`transaction ${i} failed`) }
            : { status: 'fulfilled', value: i },
        ),
      );
      const rows = await dataSource.getRepository(ProcessedEvent).find();
      const expected = Array.from({ length: 24 }, (_, i) => i).filter((i) => i % 5 !== 0);
      expect(rows).toHaveLength(expected.length * 2);
      expect([...new Set(rows.map((row) => row.consumer))].sort()).toEqual(
        expected.map((i) => `c${i}`).sort(),
      );
    });

    if (target.dialect === 'sqlite') {
      afterEach(() => jest.restoreAllMocks());

      /** Counts the statements that start and end transactions on the driver's one connection. */
      const countTransactions = (dataSource: DataSource) => {
        // The class's method: what the runner runs, from inside a transaction or not.
        const runner = Object.getPrototypeOf(dataSource.driver.createQueryRunner('master')) as QueryRunner;
        const query = runner.query;
        const seen: string[] = [];
        jest.spyOn(runner, 'query').mockImplementation(function (
          this: QueryRunner,
          sql: string,
          ...rest: unknown[]
        ) {
          if (/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/.test(sql)) seen.push(sql.split(' ')[0]!);
          return (query as (...args: unknown[]) => Promise<unknown>).call(this, sql, ...rest);
        });
        return seen;
      };

      it('commit together what queued up meanwhile (one COMMIT for many), and run a lone one as before', async () => {
        const dataSource = await connect(await target.fresh());
        const seen = countTransactions(dataSource);
        await dataSource.transaction((manager) => markIn(manager, 'alone'));
        expect(seen).toEqual(['BEGIN', 'COMMIT']);
        seen.length = 0;
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            dataSource.transaction((manager) =>
              manager
                .getRepository(ProcessedEvent)
                .insert({ consumer: `g${i}`, eventId: 'e1', processedAt: new Date() }),
            ),
          ),
        );
        // At most the first runs alone (when the connection was free); the rest share one transaction.
        expect(seen.filter((sql) => sql === 'COMMIT').length).toBeLessThanOrEqual(2);
        expect(seen.filter((sql) => sql === 'SAVEPOINT').length).toBeGreaterThanOrEqual(9);
        expect(await consumers(dataSource)).toHaveLength(11);
      });

      it('take the first group on an idle connection once the event loop phase is over: callbacks of one phase commit once', async () => {
        const dataSource = await connect(await target.fresh());
        const seen = countTransactions(dataSource);
        // Two immediates queued together run in one check phase, as a batch of socket reads runs in
        // one poll phase: the first one's write must not commit (an fsync) before the second one's
        // arrives. (Immediates, not timers: two timers of 0 ms are not always due in the same pass.)
        const outside = new Promise((resolve) => setImmediate(() => resolve(mark(dataSource, 'first'))));
        const inside = new Promise((resolve) =>
          setImmediate(() => resolve(dataSource.transaction((manager) => markIn(manager, 'second')))),
        );
        await Promise.all([outside, inside]);
        expect(seen).toEqual(['BEGIN', 'SAVEPOINT', 'RELEASE', 'COMMIT']);
        expect(await consumers(dataSource)).toEqual(['first', 'second']);
      });

      /** A transaction that holds the connection alone for a while, so that others queue behind it. */
      const hold = async (dataSource: DataSource, ms = 30): Promise<{ done: Promise<unknown> }> => {
        const done = dataSource.transaction(() => pause(ms));
        await new Promise((resolve) => setImmediate(resolve));
        return { done };
      };

      it('commit writes from outside a transaction with the group they queue behind, and resolve them after its COMMIT', async () => {
        const dataSource = await connect(await target.fresh());
        const seen = countTransactions(dataSource);
        const blocker = (await hold(dataSource)).done;
        const outside = Array.from({ length: 8 }, (_, i) =>
          mark(dataSource, `outside-${i}`).then(() => seen.push(`resolved outside-${i}`)),
        );
        const inside = dataSource.transaction((manager) => markIn(manager, 'inside'));
        await Promise.all([blocker, ...outside, inside]);
        // The blocker's transaction, then one for the eight writes and the transaction together.
        expect(seen.filter((sql) => sql === 'COMMIT')).toHaveLength(2);
        expect(seen.filter((sql) => sql === 'SAVEPOINT')).toHaveLength(1); // the transaction, in the group
        const lastCommit = seen.lastIndexOf('COMMIT');
        expect(seen.findIndex((entry) => entry.startsWith('resolved'))).toBeGreaterThan(lastCommit);
        expect(await consumers(dataSource)).toEqual(
          ['inside', ...Array.from({ length: 8 }, (_, i) => `outside-${i}`)].sort(),
        );
        // Alone, an outside write is one statement, as it always was.
        seen.length = 0;
        await mark(dataSource, 'alone');
        expect(seen).toEqual([]);
      });

      it('reject a failing outside write alone, and commit the rest of its group', async () => {
        const dataSource = await connect(await target.fresh());
        await mark(dataSource, 'taken');
        const blocker = (await hold(dataSource)).done;
        const duplicate = mark(dataSource, 'taken');
        const before = dataSource.transaction((manager) => markIn(manager, 'before'));
        const after = mark(dataSource, 'after');
        await blocker;
        await expect(duplicate).rejects.toThrow(/UNIQUE constraint failed: processed_events/);
        await Promise.all([before, after]);
        expect(await consumers(dataSource)).toEqual(['after', 'before', 'taken']);
      });

      it('let two data sources of one process on the same file write at once, taking turns (none fails busy)', async () => {
        const options = await target.fresh();
        const [one, two] = [await connect(options), await connect(options)];
        const outcomes = await Promise.allSettled(
          [one, two].flatMap((dataSource, d) =>
            Array.from({ length: 5 }, (_, i) => [
              dataSource.transaction(async (manager) => {
                await markIn(manager, `t${d}-${i}`);
                await pause(5); // held across an await, as real transactions are
                await manager
                  .getRepository(ProcessedEvent)
                  .update({ consumer: `t${d}-${i}` }, { eventId: 'e2' });
              }),
              mark(dataSource, `w${d}-${i}`),
            ]).flat(),
          ),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
        expect(await consumers(one)).toHaveLength(20);
      });

      it('roll back a group whose transaction SQLite itself ended, and give the ones not run yet their own', async () => {
        const dataSource = await connect(await target.fresh());
        await mark(dataSource, 'taken');
        const blocker = (await hold(dataSource)).done;
        const ran = dataSource.transaction((manager) => markIn(manager, 'ran'));
        // OR ROLLBACK: on conflict SQLite ends the whole transaction, not just the statement.
        const ender = dataSource.query(
          `INSERT OR ROLLBACK INTO "processed_events" ("consumer", "event_id", "processed_at") VALUES ('taken', 'e1', '2026-01-01 00:00:00.000')`,
        );
        const notRun = dataSource.transaction((manager) => markIn(manager, 'not-run'));
        // Settled from the start: the group's rejections come before the blocker's caller resumes.
        const settled = Promise.allSettled([ran, ender, notRun]);
        await blocker;
        const [ranOutcome, enderOutcome, notRunOutcome] = await settled;
        expect(enderOutcome).toMatchObject({
          status: 'rejected',
          reason: { message: expect.stringMatching(/UNIQUE constraint failed/) },
        });
        expect(ranOutcome).toEqual({
          status: 'rejected',
          reason: new Error('a grouped SQLite transaction could not be closed; the group was rolled back'),
        });
        expect(notRunOutcome.status).toBe('fulfilled');
        expect(await consumers(dataSource)).toEqual(['not-run', 'taken']);
        await dataSource.transaction((manager) => markIn(manager, 'later'));
        expect(await consumers(dataSource)).toEqual(['later', 'not-run', 'taken']);
      });

      it.each([
        [
          'write',
          (dataSource: DataSource): Promise<unknown> => mark(dataSource, 'misused'),
          /INSERT INTO "processed_events"/,
        ],
        ['read', (dataSource: DataSource) => consumers(dataSource), /SELECT "ProcessedEvent"/],
      ])(
        'warn, naming the statement, when a %s waits long for a transaction it was likely issued from',
        async (_, misuse, named) => {
          const dataSource = await connect(await target.fresh());
          const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
          jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
          try {
            // The mistake: inside a transaction, a statement through the data source instead of the manager.
            void dataSource.transaction(() => misuse(dataSource));
            for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
            jest.advanceTimersByTime(9_000);
            expect(warn).not.toHaveBeenCalled();
            jest.advanceTimersByTime(1_000);
            expect(warn).toHaveBeenCalledTimes(1);
            expect(warn.mock.calls[0]![0]).toMatch(
              /^A statement has waited 10 s for the open SQLite transaction to end: /,
            );
            expect(warn.mock.calls[0]![0]).toMatch(named);
            expect(warn.mock.calls[0]![0]).toMatch(/must go through the transaction's EntityManager/);
            jest.advanceTimersByTime(60_000);
            expect(warn).toHaveBeenCalledTimes(1); // once per statement
          } finally {
            jest.useRealTimers();
          }
        },
      );

      it('reject every transaction of a group whose COMMIT fails, and keep none of their writes', async () => {
        const dataSource = await connect(await target.fresh());
        // A deferred foreign key is checked at COMMIT: a dangling reference makes the COMMIT fail.
        await dataSource.query('CREATE TABLE parent (id TEXT PRIMARY KEY)');
        await dataSource.query(
          'CREATE TABLE child (parent_id TEXT REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)',
        );
        const blocker = dataSource.transaction(() => new Promise((resolve) => setTimeout(resolve, 30)));
        await new Promise((resolve) => setImmediate(resolve)); // it holds the connection, alone
        const good = dataSource.transaction((manager) => markIn(manager, 'good'));
        const dangling = dataSource.transaction((manager) =>
          manager.query('INSERT INTO child (parent_id) VALUES (?)', ['nobody']),
        );
        await blocker;
        await expect(good).rejects.toThrow(/FOREIGN KEY constraint failed/);
        await expect(dangling).rejects.toThrow(/FOREIGN KEY constraint failed/);
        expect(await consumers(dataSource)).toEqual([]);
        expect(await dataSource.query('SELECT COUNT(*) AS n FROM child')).toEqual([{ n: 0 }]);
        // The connection is usable afterwards.
        await dataSource.transaction((manager) => markIn(manager, 'after'));
        expect(await consumers(dataSource)).toEqual(['after']);
      });
    }
  });

  describe('hub meta', () => {
    it('creates the installation identity once, even when asked concurrently', async () => {
      const options = await target.fresh();
      const stores = [new HubMetaStore(await connect(options)), new HubMetaStore(await connect(options))];

      const seen = await Promise.all([...stores, ...stores].map((store) => store.installation()));
      expect(new Set(seen.map((identity) => identity.installId)).size).toBe(1);
      expect(new Set(seen.map((identity) => identity.installedAt.getTime())).size).toBe(1);
      expect(seen[0]!.installId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    });

    it('stores and replaces values', async () => {
      const store = new HubMetaStore(await connect(await target.fresh()));
      expect(await store.get('note')).toBeUndefined();
      await store.set('note', 'first');
      await store.set('note', 'second');
      expect(await store.get('note')).toBe('second');
      expect(await store.setIfAbsent('note', 'third')).toBe('second');
    });
  });

  if (target.dialect === 'sqlite') {
    describe('SQLite file', () => {
      it('lives in the data dir, in WAL mode, with a busy timeout and foreign keys on', async () => {
        const options = await target.fresh();
        const dataSource = await connect(options);

        expect(fs.existsSync(path.join(options.dataDir, DEFAULT_SQLITE_FILE))).toBe(true);
        expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
        expect(await dataSource.query('PRAGMA busy_timeout')).toEqual([{ timeout: SQLITE_BUSY_TIMEOUT_MS }]);
        expect(await dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
      });

      it('syncs commits to disk as configured, on the first open of a file and on later ones', async () => {
        const options = await target.fresh();
        // Unless told, it depends on the build (better-sqlite3 opens a WAL file at NORMAL) and the file.
        const synchronous = async (sqliteSync?: 'normal' | 'full') => {
          const dataSource = await openDataSource({ ...options, sqliteSync });
          try {
            return ((await dataSource.query('PRAGMA synchronous')) as [{ synchronous: number }])[0]
              .synchronous;
          } finally {
            await dataSource.destroy();
          }
        };
        expect(await synchronous('normal')).toBe(1); // the file's first open
        expect(await synchronous()).toBe(2); // FULL by default
        expect(await synchronous('normal')).toBe(1);
        expect(await synchronous('full')).toBe(2);
      });
    });
  }

  describe('PersistenceModule', () => {
    it('boots in Nest, reports healthy, reports the database gone, and closes on shutdown', async () => {
      const options = await target.fresh();
      const moduleRef = await Test.createTestingModule({
        imports: [PersistenceModule.forRoot(options)],
      }).compile();
      await moduleRef.init();
      const dataSource = moduleRef.get(DataSource);
      const health = moduleRef.get(DatabaseHealth);

      expect(dataSource.isInitialized).toBe(true);
      expect(await dataSource.showMigrations()).toBe(false);
      expect(moduleRef.get(ProcessedEventRepository)).toBeInstanceOf(ProcessedEventRepository);
      const up = await health.check();
      expect(up).toEqual({
        ok: true,
        detail: expect.stringMatching(new RegExp(`^${target.dialect} .*: up$`)),
      });

      await makeDatabaseGone(target, options, dataSource);
      const down = await health.check();
      expect(down.ok).toBe(false);
      expect(down.detail).toMatch(new RegExp(`^${target.dialect} .*: down \\(.+\\)$`));

      await moduleRef.close();
      expect(dataSource.isInitialized).toBe(false);
    });

    it('takes its options from other providers with forRootAsync', async () => {
      const options = await target.fresh();
      const moduleRef = await Test.createTestingModule({
        imports: [PersistenceModule.forRootAsync({ useFactory: async () => options })],
      }).compile();
      await moduleRef.init();
      expect(await moduleRef.get(DatabaseHealth).check()).toMatchObject({ ok: true });
      await moduleRef.close();
    });
  });
});

describe('a database that cannot be opened', () => {
  it('stops the start with a retryable error that names the server but not the password', async () => {
    const databaseUrl = 'postgres://switchboard:hunter2-secret@127.0.0.1:1/hub';
    const failure = await openDataSource({ databaseUrl, dataDir: '/nonexistent' }).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(SwitchboardError);
    expect((failure as SwitchboardError).code).toBe(ErrorCode.Retryable);
    expect((failure as SwitchboardError).message).toContain('postgres://switchboard:***@127.0.0.1:1/hub');
    expect((failure as SwitchboardError).message).toContain('ECONNREFUSED');
    expect(JSON.stringify(failure) + String((failure as Error).stack)).not.toContain('hunter2');
  });

  it('rejects an unsupported DATABASE_URL before connecting, naming the variable and the forms', async () => {
    const failure = await openDataSource({
      databaseUrl: 'mysql://root:hunter2@db/hub',
      dataDir: 'data',
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SwitchboardError);
    expect((failure as SwitchboardError).code).toBe(ErrorCode.Validation);
    expect((failure as SwitchboardError).message).toMatch(/DATABASE_URL .*"mysql:".*postgres:\/\/.*sqlite:/);
    expect((failure as SwitchboardError).message).not.toContain('hunter2');
  });
});

async function makeDatabaseGone(target: DatabaseTarget, options: PersistenceOptions, dataSource: DataSource) {
  if (target.dialect === 'postgres') {
    // Terminates the pool's connections; reconnecting finds no database.
    await target.destroy(options);
    return;
  }
  // An unlinked SQLite file stays readable through its open handle, so close the handle itself,
  // as a crashed disk or a failed remount would.
  (dataSource.driver as unknown as { databaseConnection: { close(): void } }).databaseConnection.close();
}

async function runDateChild(
  mode: 'write' | 'read',
  timeZone: string,
  options: PersistenceOptions,
  instants: string[] = [],
): Promise<string> {
  const child = path.join(__dirname, 'support', 'date-round-trip.child.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', child, mode], {
    env: {
      ...process.env,
      TZ: timeZone,
      SB_TEST_OPTIONS: JSON.stringify(options),
      SB_TEST_INSTANTS: JSON.stringify(instants),
    },
    timeout: 30_000,
  });
  return stdout;
}
