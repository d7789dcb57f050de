import { Logger } from '@nestjs/common';
import type { EventBus } from '@switchboard/bus';
import type { CloudEvent } from '@switchboard/events';
import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import { CoalescedWrites } from './coalesced-writes';
import { OutboxMessage } from '@switchboard/persistence';
import type { PendingEvent } from './outbox';

export interface OutboxRelayOptions {
  /** How often to look for due rows (default 2 s). */
  pollIntervalMs?: number;
  /** Rows per pass (default 100). */
  batchSize?: number;
  /** Backoff after a failed publish: min(initial * 2^(attempts-1), max). */
  retryInitialMs?: number;
  retryMaxMs?: number;
  now?: () => Date;
  logger?: Pick<Logger, 'warn' | 'error' | 'log'>;
}

/**
 * Publishes what {@link enqueueEvents} wrote, once its transaction committed: right away for the
 * process that committed it ({@link publishNow}), and by polling for anything left behind (a crash
 * between commit and publish, a bus outage). At least once: two replicas may publish one row,
 * which JetStream stores once (the event id is the `Nats-Msg-Id`) and consumers skip by id.
 */
export class OutboxRelay {
  readonly #pollIntervalMs: number;
  readonly #batchSize: number;
  readonly #retryInitialMs: number;
  readonly #retryMaxMs: number;
  readonly #now: () => Date;
  readonly #logger: Pick<Logger, 'warn' | 'error' | 'log'>;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<number> | undefined;
  #stopped = false;
  /** Published rows are deleted in groups: under load one DELETE serves many committers. */
  readonly #deletes = new CoalescedWrites<string>(async (ids) => {
    await this.repository.delete({ id: In(ids) });
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    options: OutboxRelayOptions = {},
  ) {
    this.#pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.#batchSize = options.batchSize ?? 100;
    this.#retryInitialMs = options.retryInitialMs ?? 1_000;
    this.#retryMaxMs = options.retryMaxMs ?? 300_000;
    this.#now = options.now ?? (() => new Date());
    this.#logger = options.logger ?? new Logger('Outbox');
  }

  /** Starts polling; the first pass runs at once (it publishes what a previous run left). */
  start(): void {
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      void this.relayDue()
        .catch((error: unknown) => this.#logger.error(`Outbox pass failed: ${describe(error)}`))
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(tick, this.#pollIntervalMs).unref();
        });
    };
    tick();
  }

  /** Stops polling and waits for a pass in progress. Rows not yet published stay for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#pass?.catch(() => undefined);
  }

  /**
   * Publishes what the caller just committed, in order, from memory, then deletes the rows (one
   * DELETE for every caller at that moment). Never throws: a row that fails stays in the outbox
   * with a backoff and a relay pass publishes it later; so does a published row whose delete
   * failed. Racing a relay pass (or another replica) may publish an event twice, which JetStream
   * stores once.
   */
  async publishNow(pending: readonly PendingEvent[]): Promise<void> {
    if (pending.length === 0) return;
    const published: string[] = [];
    for (const { id, event, subject } of pending) {
      if (await this.#send(id, event, subject, 0)) published.push(id);
      else break; // keep the order: what follows a failure waits for the relay too
    }
    await this.#deletes
      .add(published)
      .catch((error: unknown) =>
        this.#logger.warn(`Could not delete ${published.length} published outbox rows: ${describe(error)}`),
      );
  }

  /** One pass over due rows, oldest first; resolves with how many were published. Passes never overlap. */
  relayDue(): Promise<number> {
    this.#pass ??= this.#relayDue().finally(() => (this.#pass = undefined));
    return this.#pass;
  }

  /** Rows still waiting (for readiness and tests). */
  pending(): Promise<number> {
    return this.repository.count();
  }

  private get repository() {
    return this.dataSource.getRepository(OutboxMessage);
  }

  async #relayDue(): Promise<number> {
    let published = 0;
    for (;;) {
      const due = await this.repository.find({
        where: { nextAttemptAt: LessThanOrEqual(this.#now()) },
        order: { createdAt: 'ASC', id: 'ASC' },
        take: this.#batchSize,
      });
      const done: string[] = [];
      for (const row of due)
        if (await this.#send(row.id, JSON.parse(row.event) as CloudEvent, row.subject, row.attempts))
          done.push(row.id);
      await this.#deletes.add(done);
      published += done.length;
      // A short batch means nothing else is due; a failed row is pushed back, so no endless loop.
      if (due.length < this.#batchSize || this.#stopped) return published;
    }
  }

  /** Publishes one event; on failure records the attempt and its backoff on the row. */
  async #send(
    id: string,
    event: CloudEvent,
    subject: string | null,
    previousAttempts: number,
  ): Promise<boolean> {
    try {
      await this.bus.publish(event, subject ? { subject } : undefined);
    } catch (error) {
      const attempts = previousAttempts + 1;
      const delay = Math.min(this.#retryInitialMs * 2 ** (attempts - 1), this.#retryMaxMs);
      this.#logger.warn(
        `Could not publish outbox event ${id} (attempt ${attempts}); retrying in ${delay} ms: ${describe(error)}`,
      );
      await this.repository
        .update(
          { id },
          {
            attempts,
            nextAttemptAt: new Date(this.#now().getTime() + delay),
            lastError: describe(error).slice(0, 1000),
          },
        )
        .catch((updateError: unknown) =>
          this.#logger.error(`Could not record the failure of outbox event ${id}: ${describe(updateError)}`),
        );
      return false;
    }
    return true;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
