/**
 * The transactional outbox on every dialect: an event is published if and only if its
 * transaction committed, at least once, even when the bus is down at commit time or the
 * committing process dies before publishing; two relays racing store it once in JetStream.
 */
import { Logger } from '@nestjs/common';
import { InProcessBus, JetStreamBus, type EventBus } from '@switchboard/bus';
import type { CloudEvent } from '@switchboard/events';
import { OUTBOX_HANDOVER_MS, OutboxRelay, enqueueEvents } from '@switchboard/outbox';
import { OutboxMessage, openDataSource, type SwitchboardDataSource } from '@switchboard/persistence';
import { alertEvent } from '../support/bus-fixtures';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';

Logger.overrideLogger(['error']);

const quiet = { warn: () => undefined, error: () => undefined, log: () => undefined };
const targets: DatabaseTarget[] = databaseTargetsFor('outbox');

/** A bus that records what it publishes and can be switched off. */
function recordingBus(): { bus: EventBus; published: CloudEvent[]; down: { value: boolean } } {
  const inner = new InProcessBus();
  const published: CloudEvent[] = [];
  const down = { value: false };
  const bus = Object.create(inner) as EventBus;
  bus.publish = async (event, options) => {
    if (down.value) throw new Error('bus unreachable');
    published.push(event);
    return inner.publish(event, options);
  };
  return { bus, published, down };
}

describe.each(targets)('outbox on $dialect', (target) => {
  let dataSource: SwitchboardDataSource;
  let clock: Date;
  const later = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const event = (n: number) => alertEvent({ tenant: 'acme', partition: `p${n}`, n });
  const relayOf = (bus: EventBus) =>
    new OutboxRelay(dataSource, bus, { now: () => clock, logger: quiet, retryInitialMs: 1_000 });

  beforeEach(async () => {
    dataSource = await openDataSource(await target.fresh());
    clock = new Date('2026-12-01T10:00:00Z');
  });
  afterEach(() => dataSource.destroy());
  afterAll(() => target.cleanup());

  it('publishes a committed event at once and forgets it; a rolled-back one is never published', async () => {
    const { bus, published } = recordingBus();
    const relay = relayOf(bus);
    const committed = event(1);
    const ids = await dataSource.transaction((manager) =>
      enqueueEvents(manager, [committed], { now: clock }),
    );
    await expect(
      dataSource.transaction(async (manager) => {
        await enqueueEvents(manager, [event(2)], { now: clock });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    await relay.publishNow(ids);
    expect(published.map((e) => e.id)).toEqual([committed.id]);
    expect(published[0]).toEqual(committed);
    expect(await relay.pending()).toBe(0);
    later(OUTBOX_HANDOVER_MS * 10);
    expect(await relay.relayDue()).toBe(0);
    expect(published).toHaveLength(1);
  });

  it('keeps an event the bus refused, backs off, and publishes it once the bus is back', async () => {
    const { bus, published, down } = recordingBus();
    const relay = relayOf(bus);
    const committed = event(1);
    const ids = await dataSource.transaction((manager) =>
      enqueueEvents(manager, [committed], { now: clock }),
    );
    down.value = true;
    await relay.publishNow(ids); // never throws: the change already committed
    const [row] = await dataSource.getRepository(OutboxMessage).find();
    expect(row).toMatchObject({ id: committed.id, attempts: 1, lastError: 'bus unreachable' });
    expect(row!.nextAttemptAt.getTime()).toBe(clock.getTime() + 1_000);

    later(999);
    expect(await relay.relayDue()).toBe(0); // not due yet
    later(1);
    expect(await relay.relayDue()).toBe(0); // due, bus still down: second attempt, 2 s backoff
    const [again] = await dataSource.getRepository(OutboxMessage).find();
    expect(again).toMatchObject({ attempts: 2 });
    expect(again!.nextAttemptAt.getTime()).toBe(clock.getTime() + 2_000);

    down.value = false;
    later(2_000);
    expect(await relay.relayDue()).toBe(1);
    expect(published.map((e) => e.id)).toEqual([committed.id]);
    expect(await relay.pending()).toBe(0);
  });

  it('publishes what a crashed process committed but never published, oldest first, after the handover', async () => {
    // The "crashed" process committed three events and died before publishing any.
    const events = [event(1), event(2), event(3)];
    for (const [i, e] of events.entries()) {
      const at = new Date(clock.getTime() + i);
      await dataSource.transaction((manager) => enqueueEvents(manager, [e], { now: at }));
    }
    const { bus, published } = recordingBus();
    const relay = relayOf(bus);
    expect(await relay.relayDue()).toBe(0); // still the committer's to publish
    later(OUTBOX_HANDOVER_MS + 10);
    expect(await relay.relayDue()).toBe(3);
    expect(published.map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('relays in batches until nothing is due', async () => {
    const { bus, published } = recordingBus();
    const relay = new OutboxRelay(dataSource, bus, { now: () => clock, logger: quiet, batchSize: 2 });
    const events = [1, 2, 3, 4, 5].map(event);
    await dataSource.transaction((manager) => enqueueEvents(manager, events, { now: clock }));
    later(OUTBOX_HANDOVER_MS);
    expect(await relay.relayDue()).toBe(5);
    expect(new Set(published.map((e) => e.id))).toEqual(new Set(events.map((e) => e.id)));
  });

  describe('with JetStream', () => {
    let nats: NatsTestServer;
    beforeAll(async () => {
      nats = await startNatsTestServer();
    });
    afterAll(() => nats.stop());

    it('two relays racing on one row store the event once', async () => {
      const busA = await JetStreamBus.connect({ servers: nats.url });
      const busB = await JetStreamBus.connect({ servers: nats.url });
      try {
        const e = alertEvent({ tenant: `t${Date.now()}`, partition: 'race', n: 1 });
        const ids = await dataSource.transaction((manager) => enqueueEvents(manager, [e], { now: clock }));
        const acks: boolean[] = [];
        const spy = (bus: EventBus) => {
          const publish = bus.publish.bind(bus);
          bus.publish = async (event, options) => {
            const ack = await publish(event, options);
            acks.push(ack.duplicate);
            return ack;
          };
          return bus;
        };
        await Promise.all([relayOf(spy(busA)).publishNow(ids), relayOf(spy(busB)).publishNow(ids)]);
        // Both may have published (each read the row before the other deleted it); JetStream kept one.
        expect(acks.filter((duplicate) => !duplicate)).toHaveLength(1);
        expect(await relayOf(busA).pending()).toBe(0);
      } finally {
        await busA.close();
        await busB.close();
      }
    });
  });
});
