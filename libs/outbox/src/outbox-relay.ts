import { Logger } from '@nestjs/common';
import type { EventBus } from '@switchboard/bus';
import type { CloudEvent } from '@switchboard/events';
import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

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
   * Publishes the given rows now (the caller just committed them). Never throws: a row that
   * fails stays in the outbox with a backoff and a relay pass publishes it later.
   */
  async publishNow(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await this.repository.find({ where: { id: In([...ids]) }, order: { createdAt: 'ASC' } });
    for (const row of rows) await this.#publish(row);
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
      for (const row of due) if (await this.#publish(row)) published += 1;
      // A short batch means nothing else is due; a failed row is pushed back, so no endless loop.
      if (due.length < this.#batchSize || this.#stopped) return published;
    }
  }

  async #publish(row: OutboxMessage): Promise<boolean> {
    try {
      const event = JSON.parse(row.event) as CloudEvent;
      await this.bus.publish(event, row.subject ? { subject: row.subject } : undefined);
    } catch (error) {
      const attempts = row.attempts + 1;
      const delay = Math.min(this.#retryInitialMs * 2 ** (attempts - 1), this.#retryMaxMs);
      this.#logger.warn(
        `Could not publish outbox event ${row.id} (attempt ${attempts}); retrying in ${delay} ms: ${describe(error)}`,
      );
      await this.repository
        .update(
          { id: row.id },
          {
            attempts,
            nextAttemptAt: new Date(this.#now().getTime() + delay),
            lastError: describe(error).slice(0, 1000),
          },
        )
        .catch((updateError: unknown) =>
          this.#logger.error(
            `Could not record the failure of outbox event ${row.id}: ${describe(updateError)}`,
          ),
        );
      return false;
    }
    await this.repository.delete({ id: row.id });
    return true;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
