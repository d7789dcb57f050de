/**
 * The admin API's feature modules over HTTP, as the test/admin suites run them on every dialect:
 * a fresh database per test, the real audit log, outbox and SecretBox, the in-process bus
 * recording what is published, and the access guard with an in-memory store of the suite's keys.
 * Unlike the security hub, no app module: only the modules a suite names.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Logger, type DynamicModule, type INestApplication, type ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MASTER_KEY } from '@switchboard/admin';
import { AuditLog } from '@switchboard/audit';
import { API_KEY_STORE, AuthModule, generateApiKey, type Role, type StoredApiKey } from '@switchboard/auth';
import { EVENT_BUS, InProcessBus } from '@switchboard/bus';
import { ConnectorInstance } from '@switchboard/connector-registry';
import type { CloudEvent } from '@switchboard/events';
import {
  openDataSource,
  type PersistenceOptions,
  type SwitchboardDataSource,
} from '@switchboard/persistence';
import { ProblemDetailsFilter, createValidationPipe } from '@switchboard/platform';
import { SecretBox } from '@switchboard/secrets';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { DatabaseTarget } from '../../support/database-targets';
import { bearer } from './start-hub';

/** A full API key, and what the key store holds for it. */
export interface TestKey {
  key: string;
  stored: StoredApiKey;
}

/**
 * One key per name, with id `key-<name>` (what audit entries and `createdBy` show), in tenant-a
 * unless a tenant is given: `testKeys({ editor: 'editor', other: ['admin', 'tenant-b'] })`.
 */
export function testKeys<Name extends string>(
  roles: Record<Name, Role | [Role, string]>,
): Record<Name, TestKey> {
  const keys = {} as Record<Name, TestKey>;
  for (const name of Object.keys(roles) as Name[]) {
    const [role, tenantId] = Array.isArray(roles[name]) ? roles[name] : [roles[name], 'tenant-a'];
    const generated = generateApiKey();
    keys[name] = {
      key: generated.key,
      stored: { id: `key-${name}`, prefix: generated.prefix, hash: generated.hash, role, tenantId },
    };
  }
  return keys;
}

export interface AdminTestAppOptions<Name extends string> {
  /** The feature modules under test, e.g. `[FlowsModule]`. */
  imports: NonNullable<ModuleMetadata['imports']>;
  keys: Record<Name, TestKey>;
  /**
   * Record each event once, however often it is published: the outbox relay may publish a row
   * the commit already published. Suites that count deliveries leave it off.
   */
  eachEventOnce?: boolean;
}

/** What one test's app holds. */
interface RunningApp {
  app: INestApplication;
  options: PersistenceOptions;
  dataSource: SwitchboardDataSource;
  masterKey: Buffer;
  box: SecretBox;
  auditLog: AuditLog;
  published: CloudEvent[];
}

/**
 * A fresh app per test: `start(target)` in beforeEach, `stop()` in afterEach. What it holds
 * (database, audit log, published events…) is the current test's.
 */
export class AdminTestApp<Name extends string> {
  /** While true, every publish fails as an unreachable bus would (the outbox keeps the events). */
  busDown = false;
  #started?: RunningApp;

  constructor(private readonly settings: AdminTestAppOptions<Name>) {}

  async start(target: DatabaseTarget): Promise<void> {
    // Only errors: what the modules log on every start would bury what failed.
    Logger.overrideLogger(['error']);
    const options = await target.fresh();
    const dataSource = await openDataSource(options);
    const masterKey = randomBytes(32);
    const box = new SecretBox(masterKey);
    const auditLog = new AuditLog(dataSource, { masterKey });
    const bus = new InProcessBus();
    const published: CloudEvent[] = [];
    this.busDown = false;
    const publish = bus.publish.bind(bus);
    jest.spyOn(bus, 'publish').mockImplementation(async (event, publishOptions) => {
      if (this.busDown) throw new Error('bus unreachable');
      if (!this.settings.eachEventOnce || !published.some((seen) => seen.id === event.id))
        published.push(event);
      return publish(event, publishOptions);
    });
    const keys = Object.values<TestKey>(this.settings.keys);
    const store = {
      findByPrefix: async (prefix: string) => keys.find((k) => k.stored.prefix === prefix)?.stored,
    };
    const dependencies: DynamicModule = {
      module: class AppDependencies {},
      global: true,
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: EVENT_BUS, useValue: bus },
        { provide: API_KEY_STORE, useValue: store },
      ],
      exports: [DataSource, EVENT_BUS, API_KEY_STORE],
    };
    const moduleRef = await Test.createTestingModule({
      imports: [dependencies, AuthModule, ...this.settings.imports],
    })
      .overrideProvider(MASTER_KEY)
      .useValue(masterKey)
      .overrideProvider(SecretBox)
      .useValue(box)
      .overrideProvider(AuditLog)
      .useValue(auditLog)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    app.useGlobalPipes(createValidationPipe());
    await app.init();
    this.#started = { app, options, dataSource, masterKey, box, auditLog, published };
  }

  async stop(): Promise<void> {
    const started = this.#started;
    // Not started: start() failed, and that failure is the one to read.
    if (!started) return;
    this.#started = undefined;
    await started.app.close();
    await started.dataSource.destroy();
  }

  get app(): INestApplication {
    return this.started.app;
  }

  /** Where the database is: for a CLI run against it. */
  get options(): PersistenceOptions {
    return this.started.options;
  }

  get dataSource(): SwitchboardDataSource {
    return this.started.dataSource;
  }

  get masterKey(): Buffer {
    return this.started.masterKey;
  }

  /** The SecretBox the app seals with (the master key's). */
  get box(): SecretBox {
    return this.started.box;
  }

  get auditLog(): AuditLog {
    return this.started.auditLog;
  }

  /** What went out on the bus, in order. */
  get published(): CloudEvent[] {
    return this.started.published;
  }

  readonly http = (): ReturnType<typeof request> => request(this.app.getHttpServer());

  /** The Authorization header of a key of the suite. */
  readonly as = (who: Name): { Authorization: string } => bearer(this.settings.keys[who].key);

  /** Rows in a table, on either dialect. */
  count(table: string): Promise<number> {
    return countRows(this.dataSource, table);
  }

  /** From here on the audit store refuses every write, as a full disk or a lost connection would. */
  async refuseAuditWrites(): Promise<void> {
    if (this.dataSource.options.type === 'postgres') {
      await this.dataSource.query(
        `CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$ LANGUAGE plpgsql`,
      );
      await this.dataSource.query(
        'CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION refuse_audit()',
      );
    } else {
      await this.dataSource.query(
        `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END`,
      );
    }
  }

  /**
   * A connector instance row, written directly (flows only need it to exist: no config, no
   * secrets, no runtime). Returns its id.
   */
  async insertInstance(tenantId: string, name: string, connectorType: string): Promise<string> {
    const id = randomUUID();
    const now = new Date();
    await this.dataSource.getRepository(ConnectorInstance).insert({
      id,
      tenantId,
      connectorType,
      typeVersionPin: '*',
      name,
      config: '{}',
      secretsSealed: 'unused',
      enabled: true,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    return id;
  }

  private get started(): RunningApp {
    if (!this.#started) throw new Error('the admin test app is not started: call start() in beforeEach');
    return this.#started;
  }
}

/** Rows in a table, on either dialect (PostgreSQL answers COUNT(*) as a string). */
export async function countRows(dataSource: DataSource, table: string): Promise<number> {
  const rows = (await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number | string }[];
  return Number(rows[0]?.n ?? 0);
}
