import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * Leadership of one piece of work across replicas: whoever holds the lease does it. A lease is
 * taken when free or expired, renewed by its holder, and lapses by itself when the holder dies.
 */
export interface LeaseStore {
  /** True when `owner` holds `key` until now + `ttlMs` (taken or renewed). */
  acquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  release(key: string, owner: string): Promise<void>;
}

interface LeaseRecord {
  owner: string;
  expiresAt: number;
}

/** Where the leases live in NATS. */
export const LEASE_BUCKET = 'sb_leases';

/**
 * Leases in a NATS KV bucket, compare-and-set on the key's revision, so two replicas can never
 * both win: `create` when the key is absent, `update(revision)` when it is expired or ours.
 * Expiry is in the value (nats-server 2.9 has no per-key TTL); the bucket's own max age only
 * sweeps keys nobody renewed for a day.
 */
export class KvLeaseStore implements LeaseStore {
  private constructor(
    private readonly kv: KV,
    private readonly now: () => number,
  ) {}

  static async open(connection: NatsConnection, now: () => number = Date.now): Promise<KvLeaseStore> {
    const kv = await new Kvm(connection).create(LEASE_BUCKET, { history: 1, ttl: 24 * 3600_000 });
    return new KvLeaseStore(kv, now);
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const record: LeaseRecord = { owner, expiresAt: this.now() + ttlMs };
    const value = JSON.stringify(record);
    const entry = await this.kv.get(key);
    try {
      if (!entry || entry.operation !== 'PUT') {
        await this.kv.create(key, value);
        return true;
      }
      const current = entry.json<LeaseRecord>();
      if (current.owner !== owner && current.expiresAt > this.now()) return false;
      await this.kv.update(key, value, entry.revision);
      return true;
    } catch {
      // Someone else wrote the key between our read and our write: they hold it.
      return false;
    }
  }

  async release(key: string, owner: string): Promise<void> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT' || entry.json<LeaseRecord>().owner !== owner) return;
    await this.kv.delete(key, { previousSeq: entry.revision }).catch(() => undefined);
  }
}

/** Leases for a single process (the in-process bus: there are no other replicas). */
export class MemoryLeaseStore implements LeaseStore {
  readonly #leases = new Map<string, LeaseRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const current = this.#leases.get(key);
    if (current && current.owner !== owner && current.expiresAt > this.now()) return false;
    this.#leases.set(key, { owner, expiresAt: this.now() + ttlMs });
    return true;
  }

  async release(key: string, owner: string): Promise<void> {
    if (this.#leases.get(key)?.owner === owner) this.#leases.delete(key);
  }
}
