/** Poll leases in NATS KV: one holder at a time across processes, takeover after expiry, release. */
import { JetStreamBus } from '@switchboard/bus';
import { KvLeaseStore, MemoryLeaseStore, type LeaseStore } from '@switchboard/runtime';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';

describe('leases', () => {
  let nats: NatsTestServer;
  const buses: JetStreamBus[] = [];
  let clock = 1_000_000;
  const now = () => clock;

  beforeAll(async () => {
    nats = await startNatsTestServer();
  });
  afterAll(async () => {
    for (const bus of buses) await bus.close();
    await nats.stop();
  });

  const kvStore = async (): Promise<LeaseStore> => {
    const bus = await JetStreamBus.connect({ servers: nats.url });
    buses.push(bus);
    return KvLeaseStore.open(bus.connection, now);
  };

  describe.each([
    ['NATS KV, two connections', async () => [await kvStore(), await kvStore()] as const],
    [
      'memory',
      async () => {
        const one = new MemoryLeaseStore(now);
        return [one, one] as const;
      },
    ],
  ])('%s', (_name, make) => {
    it('grants a free lease to one contender, renews it for its holder, refuses the other until it expires', async () => {
      const [a, b] = await make();
      const key = `poll.${Math.random().toString(36).slice(2)}`;
      const wins = await Promise.all([
        a.acquire(key, 'replica-a', 10_000),
        b.acquire(key, 'replica-b', 10_000),
      ]);
      expect(wins.filter(Boolean)).toHaveLength(1);
      const [holder, other, otherName] = wins[0] ? [a, b, 'replica-b'] : [b, a, 'replica-a'];
      const holderName = otherName === 'replica-a' ? 'replica-b' : 'replica-a';
      expect(await holder.acquire(key, holderName, 10_000)).toBe(true); // renewal
      expect(await other.acquire(key, otherName, 10_000)).toBe(false);
      clock += 10_001; // the holder died and stopped renewing
      expect(await other.acquire(key, otherName, 10_000)).toBe(true);
      expect(await holder.acquire(key, holderName, 10_000)).toBe(false);
    });

    it('lets a released lease be taken at once, and ignores a release by a non-holder', async () => {
      const [a, b] = await make();
      const key = `poll.${Math.random().toString(36).slice(2)}`;
      expect(await a.acquire(key, 'replica-a', 60_000)).toBe(true);
      await b.release(key, 'replica-b');
      expect(await b.acquire(key, 'replica-b', 60_000)).toBe(false);
      await a.release(key, 'replica-a');
      expect(await b.acquire(key, 'replica-b', 60_000)).toBe(true);
    });
  });
});
