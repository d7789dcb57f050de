/**
 * What several benchmarks share: result summaries, the two ways of publishing (flood and paced),
 * and the raw JetStream baseline (publish → consume → ack with @nats-io/jetstream, nothing else)
 * every bus-bound benchmark compares itself with.
 */
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import { toNatsMessage, type CloudEvent } from '@switchboard/events';
import { alertEvent } from '../../support/bus-fixtures';

/** Publishes in flight during a flood (BENCH_WINDOW, default 256). */
export const WINDOW = Number(process.env.BENCH_WINDOW ?? 256);

export interface Result {
  name: string;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarise(name: string, started: number, ended: number, latencies: number[]): Result {
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

export type Publisher = (count: number, publishOne: (i: number) => Promise<unknown>) => Promise<void>;

/** Throughput phase: as fast as possible, with at most WINDOW acks outstanding, as a busy connector would. */
export const flood: Publisher = async (count, publishOne) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: WINDOW }, async () => {
      while (next < count) await publishOne(next++);
    }),
  );
};

/** Latency phase: a steady rate, so the figures measure the path and not a queue we built ourselves. */
export function paced(perSecond: number): Publisher {
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

export function makeEvents(tenant: string, count: number): CloudEvent[] {
  return Array.from({ length: count }, (_, i) => alertEvent({ tenant, partition: `p${i % 500}`, n: i + 1 }));
}

export async function rawJetStream(
  url: string,
  events: CloudEvent[],
  publish: Publisher = flood,
): Promise<Result> {
  // The client options libs/bus uses, so the baseline measures the same client.
  const nc = await connect({ servers: url, noAsyncTraces: true });
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
