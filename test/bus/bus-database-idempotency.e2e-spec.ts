import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JetStreamBus, type EventBus } from '@switchboard/bus';
import {
  openDataSource,
  ProcessedEventRepository,
  type SwitchboardDataSource,
} from '@switchboard/persistence';
import { alertEvent, sleep, waitFor } from '../support/bus-fixtures';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';

/**
 * The processed-event record can live in the hub's database instead of NATS KV, so a handler can
 * commit it with its own effects. This suite runs on SQLite, and on PostgreSQL when DATABASE_URL
 * points at one (CI re-runs it that way).
 */
let nats: NatsTestServer;
let dataSource: SwitchboardDataSource;
let dataDir: string;
let bus: EventBus;
let store: ProcessedEventRepository;

beforeAll(async () => {
  nats = await startNatsTestServer();
  dataDir = mkdtempSync(join(tmpdir(), 'sb-bus-db-'));
  dataSource = await openDataSource({ databaseUrl: process.env.DATABASE_URL, dataDir });
  store = new ProcessedEventRepository(dataSource);
  bus = await JetStreamBus.connect({
    servers: nats.url,
    processedStore: store,
    streams: { EVT: { duplicateWindowMs: 300 } },
  });
});

afterAll(async () => {
  await bus?.close();
  await dataSource?.destroy();
  await nats?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const tenant = `db${process.pid}`;

it(`runs a re-published event's effects once, with the record in ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, async () => {
  const effects: string[] = [];
  const durable = `dbdedup-${process.pid}`;
  await bus.subscribe({ durable, filterSubject: `evt.${tenant}.>` }, (event) => {
    effects.push(event.id);
  });
  const event = alertEvent({ tenant, partition: 'p', n: 1 });
  await bus.publish(event);
  // The record is written after the handler returns and before the ack: wait for it, don't race it.
  await waitFor(async () => effects.length === 1 && (await store.has(durable, event.id)));

  await sleep(400); // past the server's de-duplication window
  expect((await bus.publish(event)).duplicate).toBe(false);
  const marker = alertEvent({ tenant, partition: 'p', n: 2 });
  await bus.publish(marker);
  await waitFor(() => effects.includes(marker.id));
  expect(effects.filter((id) => id === event.id)).toHaveLength(1);
});

it('does not record an event whose handler failed, so its retry runs the effects', async () => {
  const durable = `dbretry-${process.pid}`;
  let attempts = 0;
  // Its own tenant: the first test's events must not reach this consumer.
  await bus.subscribe({ durable, filterSubject: `evt.${tenant}r.>`, backoff: { initialMs: 50 } }, () => {
    attempts++;
    if (attempts === 1) throw new Error('transient');
  });
  const event = alertEvent({ tenant: `${tenant}r`, partition: 'q', n: 3 });
  await bus.publish(event);
  await waitFor(async () => attempts === 2 && (await store.has(durable, event.id)));
  expect(attempts).toBe(2);
});
