/**
 * The transport floor of `bench:pipeline` is a baseline the benchmark's conclusions rest on: it
 * must do, per alert, the work it claims (one durable alert event, command, result event and
 * outcome event, one ticket created on the fake) and refuse webhooks without the token.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { waitFor } from '../support/bus-fixtures';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';
import { startFakeTicketing, type FakeTicketing } from './support/fake-ticketing';
import { FLOOR_RESULT_SUBJECT, startTransportFloor, type TransportFloor } from './support/transport-floor';

const TOKEN = 'floor-test-token';
const API_KEY = 'floor-test-redmine-key';
const FIXTURE = join(__dirname, '../../connectors/alertmanager/fixtures/webhooks/disk-full-firing.json');

function webhook(n: number): string {
  const body = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
    alerts: { fingerprint: string; annotations: Record<string, string> }[];
  };
  const alert = body.alerts[0]!;
  alert.fingerprint = `f${n}`;
  alert.annotations = { ...alert.annotations, summary: `floor alert ${n}` };
  return JSON.stringify({ ...body, alerts: [alert] });
}

describe('bench:pipeline transport floor', () => {
  let nats: NatsTestServer;
  let fake: FakeTicketing;
  let floor: TransportFloor;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsTestServer();
    fake = await startFakeTicketing(API_KEY);
    floor = await startTransportFloor({
      natsUrl: nats.url,
      token: TOKEN,
      fakeUrl: fake.url,
      apiKey: API_KEY,
    });
    nc = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await nc?.close();
    await floor?.close();
    await fake?.close();
    await nats?.stop();
  });

  it('turns each accepted webhook into one ticket, one result event and one outcome event', async () => {
    const subjects: string[] = [];
    const tickets: string[] = [];
    fake.onCreated = (_id, subject) => tickets.push(subject);
    const results: string[] = [];
    const sub = nc.subscribe(FLOOR_RESULT_SUBJECT, {
      callback: (_error, msg) =>
        void results.push(msg.json<{ output: { ticket: { id: string } } }>().output.ticket.id),
    });
    nc.subscribe('floor.>', { callback: (_error, msg) => void subjects.push(msg.subject) });

    const statuses = await Promise.all(
      [1, 2, 3].map(
        async (n) =>
          (
            await fetch(floor.url, {
              method: 'POST',
              headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
              body: webhook(n),
            })
          ).status,
      ),
    );
    expect(statuses).toEqual([202, 202, 202]);
    const refused = await fetch(floor.url, { method: 'POST', body: webhook(4) });
    expect(refused.status).toBe(401);

    const jsm = await jetstreamManager(nc);
    // Stored: 3 alerts + 3 results + 3 outcomes in FLOOR_EVT; 3 commands went through FLOOR_CMD.
    const stored = async () => (await jsm.streams.info('FLOOR_EVT')).state.messages;
    await waitFor(async () => (await stored()) >= 9 && subjects.length >= 12, 10_000);
    expect(await stored()).toBe(9);
    expect(tickets.sort()).toEqual(['floor alert 1', 'floor alert 2', 'floor alert 3']);
    expect(new Set(results).size).toBe(3);
    expect(subjects.filter((s) => s === 'floor.evt.bench.alert')).toHaveLength(3);
    expect(subjects.filter((s) => s.startsWith('floor.cmd.'))).toHaveLength(3);
    expect(subjects.filter((s) => s === 'floor.evt.bench.outcome')).toHaveLength(3);
    const commands = await jsm.consumers.info('FLOOR_CMD', 'floor-commands');
    expect(commands.num_ack_pending + commands.num_pending).toBe(0);
    sub.unsubscribe();
  });
});
