import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@switchboard/bus';
import { pollPages } from '@switchboard/connector-sdk';
import { isSwitchboardError } from '@switchboard/errors';
import { DataSource } from 'typeorm';
import { InstanceHealthService } from '../health/instance-health.service';
import type { HostedInstance } from '../hosting/hosted-instance';
import { InstanceHost } from '../hosting/instance-host';
import { PollCursorStore } from '../state/poll-cursor-store';
import { LEASE_STORE } from './lease.tokens';
import type { LeaseStore } from './lease-store';

/** Longest wait between runs after repeated failures. */
const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * Runs each polling instance on its schedule, in one replica at a time: the replica holding the
 * instance's lease (NATS KV) polls, the others check again at every interval. A run publishes each
 * page's events and only then checkpoints its cursor, so a crash repeats at most a page (whose
 * events keep their ids and are stored once). Failures back off exponentially, or as long as the
 * vendor's Retry-After asked, and show in the instance's health.
 */
@Injectable()
export class PollScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PollScheduler');
  readonly #owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #loops = new Map<string, PollLoop>();
  readonly #cursors: PollCursorStore;
  #unsubscribe?: () => void;

  constructor(
    private readonly host: InstanceHost,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LEASE_STORE) private readonly leases: LeaseStore,
    private readonly health: InstanceHealthService,
    dataSource: DataSource,
  ) {
    this.#cursors = new PollCursorStore(dataSource);
  }

  onApplicationBootstrap(): void {
    this.#unsubscribe = this.host.onChange((change) => {
      const id = change.kind === 'loaded' ? change.instance.id : change.instanceId;
      const previous = this.#loops.get(id);
      this.#loops.delete(id);
      void previous?.stop();
      if (change.kind === 'loaded' && change.instance.runnable && change.instance.definition?.hooks.poll) {
        const loop = new PollLoop(
          change.instance,
          this.#owner,
          this.bus,
          this.leases,
          this.#cursors,
          this.health,
          this.logger,
        );
        this.#loops.set(id, loop);
        loop.start();
      }
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.#unsubscribe?.();
    await Promise.all([...this.#loops.values()].map((loop) => loop.stop()));
    this.#loops.clear();
  }

  /**
   * Runs one instance's poll now if this replica can lead it (tests, an admin "poll now"): a run
   * that starts after this call, so it sees every change made before it.
   */
  async runNow(instanceId: string): Promise<boolean> {
    const loop = this.#loops.get(instanceId);
    if (!loop) return false;
    await loop.idle();
    return loop.runOnce();
  }
}

class PollLoop {
  #timer?: NodeJS.Timeout;
  #running?: Promise<boolean>;
  #stopped = false;
  #failures = 0;
  #nextDelayMs: number;
  readonly #intervalMs: number;

  constructor(
    private readonly instance: HostedInstance,
    private readonly owner: string,
    private readonly bus: EventBus,
    private readonly leases: LeaseStore,
    private readonly cursors: PollCursorStore,
    private readonly health: InstanceHealthService,
    private readonly logger: Logger,
  ) {
    const manifest = instance.definition!.manifest;
    const configured = (instance.bound!.context.config as { pollIntervalMs?: unknown }).pollIntervalMs;
    const interval = typeof configured === 'number' ? configured : manifest.poll!.intervalMs;
    this.#intervalMs = Math.max(interval, manifest.poll!.minIntervalMs ?? 1_000);
    this.#nextDelayMs = this.#intervalMs;
  }

  private get leaseKey(): string {
    return `poll.${this.instance.id}`;
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
    await this.leases.release(this.leaseKey, this.owner).catch(() => undefined);
  }

  /** Resolves once no run is in progress. */
  async idle(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  /** One run if this replica holds the lease; resolves whether it ran. Runs never overlap. */
  runOnce(): Promise<boolean> {
    this.#running ??= this.run().finally(() => (this.#running = undefined));
    return this.#running;
  }

  private schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.runOnce().finally(() => this.schedule(this.#nextDelayMs));
    }, delayMs).unref();
  }

  private async run(): Promise<boolean> {
    const leaseMs = Math.max(30_000, this.#intervalMs * 3);
    this.#nextDelayMs = this.#intervalMs;
    if (!(await this.leases.acquire(this.leaseKey, this.owner, leaseMs))) return false;
    const id = this.instance.id;
    try {
      await this.instance.limiter.run(async () => {
        let cursor = await this.cursors.get(id);
        for await (const page of pollPages(this.instance.bound!, cursor)) {
          if (this.#stopped || this.instance.abort.signal.aborted) break;
          await Promise.all(page.events.map((event) => this.bus.publish(event)));
          await this.cursors.set(id, page.cursor);
          cursor = page.cursor;
          await this.leases.acquire(this.leaseKey, this.owner, leaseMs);
        }
      });
      this.#failures = 0;
      this.health.succeeded(id, 'poll');
      return true;
    } catch (error) {
      this.#failures += 1;
      this.health.failed(id, 'poll', error);
      const backoff = Math.min(this.#intervalMs * 2 ** Math.min(this.#failures, 10), MAX_BACKOFF_MS);
      const asked = isSwitchboardError(error) ? (error.retryAfterMs ?? 0) : 0;
      this.#nextDelayMs = Math.max(backoff, asked);
      this.logger.warn(
        `Poll of instance ${id} failed (${this.#failures} in a row), next try in ${this.#nextDelayMs} ms: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
      return true;
    }
  }
}
