/**
 * `npm run bench:bus`: N events through libs/bus (validated publish with ack → durable consumer →
 * handler → processed record → ack) against a raw @nats-io/jetstream publish/consume/ack loop with
 * the same payloads, same client library, same server, same run. Prints throughput, latency and the ratio.
 *
 * Two phases: throughput (publish as fast as acks allow) and latency (a steady rate at half the
 * bus's measured maximum, both paths at the same rate).
 *
 * Env: BENCH_N (events per run, default 20000), BENCH_WINDOW (publishes in flight, default 256),
 * BENCH_IDEMPOTENT=0 (consumers skip the processed record), NATS_URL (use this server instead of a private one).
 */
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import { JetStreamBus } from '@switchboard/bus';
import { toNatsMessage, type CloudEvent } from '@switchboard/events';
import { alertEvent } from '../support/bus-fixtures';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';

const N = Number(process.env.BENCH_N ?? 20_000);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 256);

interface Result {
  name: string;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarise(name: string, started: number, ended: number, latencies: number[]): Result {
  const sorted = latencies.sort((a, b) => a - b);
  const seconds = (ended - started) / 1000;
  return {
    name,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

type Publisher = (count: number, publishOne: (i: number) => Promise<unknown>) => Promise<void>;

/** Throughput phase: as fast as possible, with at most WINDOW acks outstanding, as a busy connector would. */
const flood: Publisher = async (count, publishOne) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: WINDOW }, async () => {
      while (next < count) await publishOne(next++);
    }),
  );
};

/** Latency phase: a steady rate, so the figures measure the path and not a queue we built ourselves. */
function paced(perSecond: number): Publisher {
  return async (count, publishOne) => {
    const start = performance.now();
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const due = start + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(publishOne(i));
    }
    await Promise.all(pending);
  };
}

function makeEvents(tenant: string, count: number): CloudEvent[] {
  return Array.from({ length: count }, (_, i) => alertEvent({ tenant, partition: `p${i % 500}`, n: i + 1 }));
}

async function rawJetStream(url: string, events: CloudEvent[], publish: Publisher = flood): Promise<Result> {
  const nc = await connect({ servers: url });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: 'BENCH_RAW', subjects: ['benchraw.>'] });
  await jsm.consumers.add('BENCH_RAW', {
    durable_name: 'raw',
    ack_policy: AckPolicy.Explicit,
    max_ack_pending: 10_000,
  });
  const js = jetstream(nc);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const consumer = await js.consumers.get('BENCH_RAW', 'raw');
  const messages = await consumer.consume({ max_messages: 256 });
  const done = (async () => {
    for await (const msg of messages) {
      // Same work a consumer must do at least: read the id and parse the body.
      const id = msg.headers!.get('ce-id');
      JSON.parse(new TextDecoder().decode(msg.data));
      msg.ack();
      latencies.push(performance.now() - sentAt.get(id)!);
      if (latencies.length === events.length) break;
    }
  })();
  const started = performance.now();
  await publish(events.length, async (i) => {
    const { headers, data } = toNatsMessage(events[i]);
    const h = natsHeaders();
    for (const [k, v] of Object.entries(headers)) h.set(k, v);
    sentAt.set(events[i].id, performance.now());
    await js.publish(`benchraw.${i % 500}`, data, { msgID: events[i].id, headers: h });
  });
  await done;
  const ended = performance.now();
  await messages.close();
  await jsm.streams.delete('BENCH_RAW');
  await nc.drain();
  return summarise('raw @nats-io/jetstream', started, ended, latencies);
}

async function switchboardBus(
  url: string,
  events: CloudEvent[],
  tenant: string,
  publish: Publisher = flood,
): Promise<Result> {
  const bus = await JetStreamBus.connect({ servers: url, name: 'bench' });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  await bus.subscribe(
    {
      durable: `bench-${tenant}`,
      filterSubject: `evt.${tenant}.>`,
      concurrency: 64,
      idempotent: process.env.BENCH_IDEMPOTENT !== '0',
    },
    (event) => {
      latencies.push(performance.now() - sentAt.get(event.id)!);
      if (latencies.length === events.length) resolveDone();
    },
  );
  const started = performance.now();
  await publish(events.length, async (i) => {
    sentAt.set(events[i].id, performance.now());
    await bus.publish(events[i]);
  });
  await done;
  const ended = performance.now();
  await bus.close();
  return summarise('libs/bus (validated, idempotent)', started, ended, latencies);
}

function printTable(results: Result[]): void {
  console.table(
    results.map((r) => ({
      path: r.name,
      'events/s': Math.round(r.perSecond),
      'p50 ms': r.p50.toFixed(1),
      'p99 ms': r.p99.toFixed(1),
      seconds: r.seconds.toFixed(2),
    })),
  );
}

async function main(): Promise<void> {
  let server: NatsTestServer | undefined;
  const url = process.env.NATS_URL ?? (server = await startNatsTestServer()).url;
  try {
    console.log(`bus benchmark: ${N} events, ${WINDOW} publishes in flight, server ${url}`);
    // Warm up both paths (JIT, connections, stream creation) before measuring.
    await rawJetStream(url, makeEvents('warm1', 2_000));
    await switchboardBus(url, makeEvents('warm2', 2_000), 'warm2');
    const raw = await rawJetStream(url, makeEvents('raw', N));
    const ours = await switchboardBus(url, makeEvents('bus', N), 'bus');
    console.log('\nthroughput (flood, latency includes the backlog the flood builds):');
    printTable([raw, ours]);
    const ratio = ours.perSecond / raw.perSecond;
    console.log(`ratio bus/raw throughput: ${(ratio * 100).toFixed(1)}% (target ≥ 50%)`);

    const rate = Math.max(100, Math.round(ours.perSecond / 2));
    const count = rate * 3;
    const rawPaced = await rawJetStream(url, makeEvents('rawlat', count), paced(rate));
    const oursPaced = await switchboardBus(url, makeEvents('buslat', count), 'buslat', paced(rate));
    console.log(`\nlatency at a steady ${rate} events/s (half the bus's maximum), ${count} events:`);
    printTable([rawPaced, oursPaced]);
  } finally {
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
