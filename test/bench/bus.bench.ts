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
import { JetStreamBus } from '@switchboard/bus';
import type { CloudEvent } from '@switchboard/events';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';
import {
  flood,
  makeEvents,
  paced,
  rawJetStream,
  summarise,
  WINDOW,
  type Publisher,
  type Result,
} from './support/raw-jetstream';

const N = Number(process.env.BENCH_N ?? 20_000);

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
