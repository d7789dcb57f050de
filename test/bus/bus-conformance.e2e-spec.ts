import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  InProcessBus,
  JetStreamBus,
  readDeadLetterRecord,
  rpcSubject,
  type DeliveryContext,
  type EventBus,
  type ProcessedEventStore,
  type Subscription,
} from '@switchboard/bus';
import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import type { CloudEvent } from '@switchboard/events';
import { alertEvent, sleep, waitFor } from '../support/bus-fixtures';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';

/**
 * One conformance suite, every bus implementation. A case here is a promise the bus makes to
 * handler authors; it must fail if the behaviour breaks.
 */
interface Implementation {
  name: string;
  /** A fresh bus over fresh storage; `window` is the publish de-duplication window. */
  create(options?: { duplicateWindowMs?: number; processedStore?: ProcessedEventStore }): Promise<EventBus>;
}

let nats: NatsTestServer;
const buses: EventBus[] = [];

beforeAll(async () => {
  nats = await startNatsTestServer();
});

afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

afterAll(async () => {
  await nats?.stop();
});

let unique = 0;
/** Durable names unique per test: the JetStream server is shared by the file's tests. */
function durable(label: string): string {
  return `${label}-${process.pid}-${++unique}`;
}

const implementations: Implementation[] = [
  {
    name: 'JetStream',
    create: async (options = {}) => {
      const bus = await JetStreamBus.connect({
        servers: nats.url,
        streams: options.duplicateWindowMs
          ? { EVT: { duplicateWindowMs: options.duplicateWindowMs } }
          : undefined,
        processedStore: options.processedStore,
      });
      buses.push(bus);
      return bus;
    },
  },
  {
    name: 'in-process',
    create: async (options = {}) => {
      const bus = new InProcessBus({
        processedStore: options.processedStore,
        streams: options.duplicateWindowMs
          ? { EVT: { duplicateWindowMs: options.duplicateWindowMs } }
          : undefined,
      });
      buses.push(bus);
      return bus;
    },
  },
];

/** Each test uses its own tenant, so its events reach only its own consumers. */
function tenant(): string {
  return `t${process.pid}x${++unique}`;
}

describe.each(implementations)('$name bus', (impl) => {
  it('delivers a published event intact to a durable consumer', async () => {
    const bus = await impl.create();
    const t = tenant();
    const received: CloudEvent[] = [];
    await bus.subscribe({ durable: durable('roundtrip'), filterSubject: `evt.${t}.ops.alert.>` }, (event) => {
      received.push(event);
    });
    const event = alertEvent({ tenant: t, partition: 'p1', n: 1 });
    const ack = await bus.publish(event);
    expect(ack.duplicate).toBe(false);
    await waitFor(() => received.length === 1);
    expect(received[0]).toEqual(event);
  });

  it('rejects an invalid event with a path-qualified validation error and stores nothing', async () => {
    const bus = await impl.create();
    const t = tenant();
    const received: CloudEvent[] = [];
    await bus.subscribe({ durable: durable('invalid'), filterSubject: `evt.${t}.>` }, (event) => {
      received.push(event);
    });
    const bad = alertEvent({ tenant: t, partition: 'p', n: 1 }) as CloudEvent<Record<string, unknown>>;
    bad.data = { ...bad.data, severity: 'catastrophic' };
    await expect(bus.publish(bad)).rejects.toMatchObject({
      code: ErrorCode.Validation,
      fieldErrors: expect.arrayContaining([expect.objectContaining({ path: 'data.severity' })]),
    });
    await bus.publish(alertEvent({ tenant: t, partition: 'p', n: 2 }));
    await waitFor(() => received.length === 1);
    await sleep(100);
    expect(received.map((e) => (e.data as { title: string }).title)).toEqual(['alert p #2']);
  });

  it('stores a re-published id once within the window, and runs effects once after it', async () => {
    const bus = await impl.create({ duplicateWindowMs: 300 });
    const t = tenant();
    const effects: string[] = [];
    await bus.subscribe({ durable: durable('dedup'), filterSubject: `evt.${t}.>` }, (event) => {
      effects.push(event.id);
    });
    const event = alertEvent({ tenant: t, partition: 'p', n: 1 });
    expect((await bus.publish(event)).duplicate).toBe(false);
    expect((await bus.publish(event)).duplicate).toBe(true);
    await waitFor(() => effects.length === 1);
    // Past the server's window the same id is stored again; the processed record stops the effects.
    await sleep(400);
    const again = await bus.publish(event);
    expect(again.duplicate).toBe(false);
    const marker = alertEvent({ tenant: t, partition: 'p', n: 2 });
    await bus.publish(marker);
    await waitFor(() => effects.includes(marker.id));
    expect(effects.filter((id) => id === event.id)).toHaveLength(1);
  });

  it('retries a retryable failure after the backoff delays, with growing delivery counts', async () => {
    const bus = await impl.create();
    const t = tenant();
    const attempts: Array<{ at: number; count: number }> = [];
    await bus.subscribe(
      {
        durable: durable('backoff'),
        filterSubject: `evt.${t}.>`,
        maxDeliveries: 5,
        backoff: { initialMs: 200, factor: 2, maxMs: 10_000 },
      },
      (_event, ctx) => {
        attempts.push({ at: Date.now(), count: ctx.deliveryCount });
        if (attempts.length < 4) throw SwitchboardError.retryable('downstream unavailable');
      },
    );
    await bus.publish(alertEvent({ tenant: t, partition: 'p', n: 1 }));
    await waitFor(() => attempts.length === 4, 10_000);
    expect(attempts.map((a) => a.count)).toEqual([1, 2, 3, 4]);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i].at);
    // Lower bounds only: the delays are a promise to the remote; scheduling may add, never subtract.
    [200, 400, 800].forEach((delay, i) => expect(gaps[i]).toBeGreaterThanOrEqual(delay - 15));
  });

  it('honours a Retry-After longer than the backoff', async () => {
    const bus = await impl.create();
    const t = tenant();
    const attempts: number[] = [];
    await bus.subscribe(
      { durable: durable('retryafter'), filterSubject: `evt.${t}.>`, backoff: { initialMs: 10 } },
      () => {
        attempts.push(Date.now());
        if (attempts.length === 1) throw SwitchboardError.rateLimited('429 from vendor', 600);
      },
    );
    await bus.publish(alertEvent({ tenant: t, partition: 'p', n: 1 }));
    await waitFor(() => attempts.length === 2, 5_000);
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(585);
  });

  it('dead-letters after max deliveries, keeping the original event and the error', async () => {
    const bus = await impl.create();
    const t = tenant();
    const name = durable('maxdeliver');
    let attempts = 0;
    await bus.subscribe(
      { durable: name, filterSubject: `evt.${t}.>`, maxDeliveries: 3, backoff: { initialMs: 20 } },
      () => {
        attempts++;
        throw SwitchboardError.retryable('still down');
      },
    );
    const letters: Array<{ event: CloudEvent; ctx: DeliveryContext }> = [];
    await bus.subscribe({ durable: durable('dlq-reader'), filterSubject: `dlq.${name}` }, (event, ctx) => {
      letters.push({ event, ctx });
    });
    const event = alertEvent({ tenant: t, partition: 'p', n: 1 });
    await bus.publish(event);
    await waitFor(() => letters.length === 1, 10_000);
    expect(attempts).toBe(3);
    expect(letters[0].event).toEqual(event);
    expect(readDeadLetterRecord(letters[0].ctx.headers)).toMatchObject({
      consumer: name,
      reason: 'max_deliveries',
      errorCode: 'retryable',
      error: 'still down',
      deliveries: 3,
      subject: `evt.${t}.ops.alert.triggered`,
    });
    await sleep(200);
    expect(attempts).toBe(3);
  });

  it('dead-letters a permanent failure at once, and the poison does not block its partition or others', async () => {
    const bus = await impl.create();
    const t = tenant();
    const name = durable('poison');
    const handled: number[] = [];
    await bus.subscribe({ durable: name, filterSubject: `evt.${t}.>`, concurrency: 4 }, (event) => {
      const n = (event.data as { occurrenceCount: number }).occurrenceCount;
      if (n === 3) throw SwitchboardError.permanent('cannot map this alert');
      handled.push(n);
    });
    const letters: string[] = [];
    await bus.subscribe({ durable: durable('poison-dlq'), filterSubject: `dlq.${name}` }, (_event, ctx) => {
      letters.push(readDeadLetterRecord(ctx.headers)!.reason);
    });
    for (let n = 1; n <= 10; n++)
      await bus.publish(alertEvent({ tenant: t, partition: n % 2 ? 'a' : 'b', n }));
    await waitFor(() => handled.length === 9 && letters.length === 1);
    expect(handled.sort((x, y) => x - y)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(letters).toEqual(['permanent']);
  });

  it('dead-letters once: a dead letter is never delivered again', async () => {
    const bus = await impl.create();
    const t = tenant();
    const name = durable('once');
    let attempts = 0;
    await bus.subscribe({ durable: name, filterSubject: `evt.${t}.>`, ackWaitMs: 500 }, () => {
      attempts++;
      throw SwitchboardError.permanent('cannot map this alert');
    });
    const letters: string[] = [];
    await bus.subscribe({ durable: durable('once-dlq'), filterSubject: `dlq.${name}` }, (event) => {
      letters.push(event.id);
    });
    const event = alertEvent({ tenant: t, partition: 'p', n: 1 });
    await bus.publish(event);
    await waitFor(() => letters.length === 1);
    // Several ack waits: a term the server did not understand would have come back by now.
    await sleep(2_000);
    expect({ attempts, letters }).toEqual({ attempts: 1, letters: [event.id] });
  });

  it('keeps per-partition order under concurrency, even across retries', async () => {
    const bus = await impl.create();
    const t = tenant();
    const seen = new Map<string, number[]>();
    const failedOnce = new Set<string>();
    await bus.subscribe(
      { durable: durable('order'), filterSubject: `evt.${t}.>`, concurrency: 8, backoff: { initialMs: 50 } },
      async (event) => {
        const n = (event.data as { occurrenceCount: number }).occurrenceCount;
        await sleep(Math.random() * 4);
        // Every 7th event fails once: its partition must wait for it.
        if (n % 7 === 0 && !failedOnce.has(event.id)) {
          failedOnce.add(event.id);
          throw SwitchboardError.retryable('transient');
        }
        const list = seen.get(event.partitionkey!) ?? [];
        list.push(n);
        seen.set(event.partitionkey!, list);
      },
    );
    const partitions = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
    const total = 150;
    await Promise.all(
      partitions.map(async (partition, index) => {
        for (let n = 1; n <= total / partitions.length; n++) {
          await bus.publish(alertEvent({ tenant: t, partition, n: n + index * 1000 }));
        }
      }),
    );
    await waitFor(() => [...seen.values()].reduce((sum, list) => sum + list.length, 0) === total, 20_000);
    expect(failedOnce.size).toBeGreaterThan(0);
    for (const list of seen.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
    expect([...seen.keys()].sort()).toEqual(partitions);
  });

  it('drains on shutdown: running handlers finish and are acked, the rest come back to the next consumer', async () => {
    const bus = await impl.create();
    const t = tenant();
    const name = durable('drain');
    const started: number[] = [];
    const finished: number[] = [];
    const slow = async (event: CloudEvent) => {
      const n = (event.data as { occurrenceCount: number }).occurrenceCount;
      started.push(n);
      await sleep(300);
      finished.push(n);
    };
    const first: Subscription = await bus.subscribe(
      { durable: name, filterSubject: `evt.${t}.>`, concurrency: 2, ackWaitMs: 5_000 },
      slow,
    );
    for (let n = 1; n <= 5; n++) await bus.publish(alertEvent({ tenant: t, partition: `p${n}`, n }));
    await waitFor(() => started.length === 2);
    await first.stop();
    // Stop resolved only after the running handlers completed.
    expect(finished.sort()).toEqual([...started].sort());
    const firstRound = [...finished];
    await bus.subscribe(
      { durable: name, filterSubject: `evt.${t}.>`, concurrency: 2, ackWaitMs: 5_000 },
      slow,
    );
    await waitFor(() => finished.length === 5, 10_000);
    await sleep(200);
    expect(finished.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(firstRound).toHaveLength(2);
  });

  it('fans a published event out to every watcher of a matching subject, in every process, until stopped', async () => {
    const publisher = await impl.create();
    // JetStream: a second connection stands for another process; in-process there is only one bus.
    const other = impl.name === 'JetStream' ? await impl.create() : publisher;
    const t = tenant();
    const seen: Record<string, string[]> = { a: [], b: [], alerts: [] };
    const a = await publisher.watch(`evt.${t}.ops.alert.>`, (event) => void seen.a!.push(event.id));
    await other.watch(`evt.${t}.ops.>`, (event, subject) => void seen.b!.push(`${subject} ${event.id}`));
    await other.watch(`evt.${t}.itsm.>`, (event) => void seen.alerts!.push(event.id));
    const first = alertEvent({ tenant: t, partition: 'w', n: 1 });
    await publisher.publish(first);
    await waitFor(() => seen.a!.length === 1 && seen.b!.length === 1);
    expect(seen.a).toEqual([first.id]);
    expect(seen.b).toEqual([`evt.${t}.ops.alert.triggered ${first.id}`]);

    await a.stop();
    const second = alertEvent({ tenant: t, partition: 'w', n: 2 });
    await publisher.publish(second);
    await waitFor(() => seen.b!.length === 2);
    await sleep(50);
    expect(seen.a).toEqual([first.id]);
    expect(seen.alerts).toEqual([]);
  });

  it('serves request/reply, and carries the typed error and the timeout back', async () => {
    const bus = await impl.create();
    const t = tenant();
    const subject = rpcSubject(t, 'cmdb1', 'ci.lookup');
    await bus.reply(subject, (request) => {
      const n = (request.data as { occurrenceCount: number }).occurrenceCount;
      if (n === 404) throw SwitchboardError.notFound('no such CI');
      return alertEvent({ tenant: t, partition: 'reply', n: n + 1 });
    });
    const reply = await bus.request(subject, alertEvent({ tenant: t, partition: 'q', n: 41 }));
    expect((reply.data as { occurrenceCount: number }).occurrenceCount).toBe(42);
    await expect(
      bus.request(subject, alertEvent({ tenant: t, partition: 'q', n: 404 })),
    ).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: 'no such CI',
    });
    await expect(
      bus.request(rpcSubject(t, 'nobody', 'ci.lookup'), alertEvent({ tenant: t, partition: 'q', n: 1 }), {
        timeoutMs: 300,
      }),
    ).rejects.toMatchObject({ code: ErrorCode.Retryable });
  });
});

describe('JetStream bus, across processes and outages', () => {
  it('redelivers an event whose consumer process was killed with SIGKILL before its ack', async () => {
    const t = tenant();
    const name = durable('crash');
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        join(__dirname, 'crashing-consumer.fixture.ts'),
        nats.url,
        name,
        `evt.${t}.>`,
      ],
      { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('ready'), 20_000);

    const bus = await implementations[0].create();
    const event = alertEvent({ tenant: t, partition: 'p', n: 1 });
    await bus.publish(event);
    await waitFor(() => output.includes(`handling ${event.id}`), 10_000);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const redelivered: Array<{ id: string; count: number }> = [];
    await bus.subscribe({ durable: name, filterSubject: `evt.${t}.>`, ackWaitMs: 1_000 }, (e, ctx) => {
      redelivered.push({ id: e.id, count: ctx.deliveryCount });
    });
    await waitFor(() => redelivered.length === 1, 10_000);
    expect(redelivered[0]).toEqual({ id: event.id, count: 2 });
  });

  it('dead-letters an undecodable message instead of blocking the consumer', async () => {
    const bus = await implementations[0].create();
    const t = tenant();
    const name = durable('garbage');
    const handled: number[] = [];
    await bus.subscribe({ durable: name, filterSubject: `evt.${t}.>` }, (event) => {
      handled.push((event.data as { occurrenceCount: number }).occurrenceCount);
    });
    // Write garbage straight onto the stream, as a buggy foreign publisher would.
    const raw = await connect({ servers: nats.url });
    await raw.request(`evt.${t}.ops.alert.triggered`, new TextEncoder().encode('not json at all'));
    await raw.close();
    await bus.publish(alertEvent({ tenant: t, partition: 'p', n: 7 }));
    await waitFor(() => handled.length === 1);
    expect(handled).toEqual([7]);
    await waitFor(async () => (await peekDeadLetters(name)).length === 1);
    expect(await peekDeadLetters(name)).toEqual(['invalid_event']);
  });

  it('fails a publish with a retryable error when the server is gone, and reports unhealthy', async () => {
    const own = await startNatsTestServer();
    const bus = await JetStreamBus.connect({ servers: own.url, connectTimeoutMs: 1_000 });
    buses.push(bus);
    expect((await bus.health()).ok).toBe(true);
    await own.stop();
    await expect(
      bus.publish(alertEvent({ tenant: tenant(), partition: 'p', n: 1 }), { timeoutMs: 500 }),
    ).rejects.toMatchObject({
      code: ErrorCode.Retryable,
    });
    const health = await bus.health();
    expect(health.ok).toBe(false);
  });

  it('refuses to connect to an unreachable server with a retryable error naming it (password redacted)', async () => {
    const error: SwitchboardError = await JetStreamBus.connect({
      servers: 'nats://hub:s3cret@127.0.0.1:1',
      connectTimeoutMs: 500,
    }).then(
      () => {
        throw new Error('connected to a closed port?');
      },
      (e: SwitchboardError) => e,
    );
    expect(error.code).toBe(ErrorCode.Retryable);
    expect(error.message).toContain('nats://hub:***@127.0.0.1:1');
    expect(error.message).not.toContain('s3cret');
  });
});

/** Reasons of the dead letters a consumer produced, read straight from the DLQ stream. */
async function peekDeadLetters(consumer: string): Promise<string[]> {
  const nc = await connect({ servers: nats.url });
  try {
    const jsm = await jetstreamManager(nc);
    const { messages } = (await jsm.streams.info('DLQ')).state;
    const reasons: string[] = [];
    for (let seq = 1; seq <= messages; seq++) {
      const msg = await jsm.streams.getMessage('DLQ', { seq }).catch(() => null);
      if (msg?.subject === `dlq.${consumer}`) reasons.push(msg.header.get('sb-dlq-reason'));
    }
    return reasons;
  } finally {
    await nc.close();
  }
}
