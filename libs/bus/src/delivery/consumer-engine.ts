import type { LoggerService } from '@nestjs/common';
import type { BusMetrics, ConsumerOptions, DeliveryContext, EventHandler } from '../event-bus';
import type { ProcessedEventStore } from '../idempotency/processed-event-store';
import { backoffPolicy, type BackoffPolicy } from './backoff';
import { deadLetterRecord, type DeadLetterRecord } from './dead-letter';
import type { Delivery } from './delivery';
import { dispositionFor } from './disposition';

export const CONSUMER_DEFAULTS = {
  concurrency: 16,
  maxDeliveries: 5,
  ackWaitMs: 30_000,
} as const;

export interface ResolvedConsumerOptions {
  durable: string;
  filterSubject: string;
  concurrency: number;
  maxDeliveries: number;
  ackWaitMs: number;
  backoff: BackoffPolicy;
  idempotent: boolean;
}

export function resolveConsumerOptions(options: ConsumerOptions): ResolvedConsumerOptions {
  if (!/^[A-Za-z0-9_-]+$/.test(options.durable)) {
    throw new Error(`consumer durable name "${options.durable}" must match [A-Za-z0-9_-]+`);
  }
  return {
    durable: options.durable,
    filterSubject: options.filterSubject,
    concurrency: Math.max(1, options.concurrency ?? CONSUMER_DEFAULTS.concurrency),
    maxDeliveries: Math.max(1, options.maxDeliveries ?? CONSUMER_DEFAULTS.maxDeliveries),
    ackWaitMs: options.ackWaitMs ?? CONSUMER_DEFAULTS.ackWaitMs,
    backoff: backoffPolicy(options.backoff),
    idempotent: options.idempotent ?? true,
  };
}

export interface ConsumerEngineDeps {
  handler: EventHandler;
  /** Stores the dead letter durably; must reject if it could not (the delivery is then retried). */
  deadLetter(delivery: Delivery, record: DeadLetterRecord): Promise<void>;
  store: ProcessedEventStore | undefined;
  metrics: BusMetrics | undefined;
  logger: LoggerService;
}

/** A partition waiting for a specific redelivery before its later events may run. */
interface PartitionBlock {
  streamSequence: number;
  until: number;
}

/**
 * Runs a consumer's deliveries through its handler, whatever the bus implementation:
 * - at most `concurrency` handlers at once, and never two of the same partition;
 * - events of a partition run in arrival order; when one is sent back for a retry, the partition
 *   holds its later events until that one comes back (or the hold expires), so order survives retries;
 * - idempotency: an event id this consumer already handled is acked without running effects;
 * - every delivery is settled once: ack after the handler and the processed mark succeeded,
 *   nak with backoff on retryable errors, dead letter + term otherwise.
 */
export class ConsumerEngine {
  private readonly queues = new Map<string, Delivery[]>();
  /** Partitions with work and no handler running, in arrival order (a Set keeps insertion order). */
  private readonly runnable = new Set<string>();
  private readonly active = new Set<string>();
  private readonly blocks = new Map<string, PartitionBlock>();
  private readonly wakeups = new Set<string>();
  private readonly inFlight = new Set<Delivery>();
  private running = 0;
  private stopping = false;
  private capacityWaiters: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];
  private readonly keepAlive: NodeJS.Timeout;

  /** Buffered plus running deliveries allowed before the source should stop pulling. */
  readonly maxInFlight: number;

  constructor(
    readonly options: ResolvedConsumerOptions,
    private readonly deps: ConsumerEngineDeps,
  ) {
    this.maxInFlight = Math.max(64, options.concurrency * 8);
    // Buffered deliveries wait for their partition; keep their ack wait from expiring meanwhile.
    this.keepAlive = setInterval(
      () => this.inFlight.forEach((d) => d.working()),
      Math.max(250, options.ackWaitMs / 3),
    );
    this.keepAlive.unref();
  }

  /**
   * Deliveries counting against `maxInFlight`. Those held behind a partition's pending retry do not
   * (up to a cap): otherwise a full buffer of held events would stop the source from pulling the very
   * redelivery they wait for.
   */
  get load(): number {
    let held = 0;
    for (const partition of this.blocks.keys()) held += this.queues.get(partition)?.length ?? 0;
    return this.inFlight.size - Math.min(held, this.maxInFlight * 4);
  }

  /** Resolves when the source may pull more. */
  waitForCapacity(): Promise<void> {
    if (this.load < this.maxInFlight || this.stopping) return Promise.resolve();
    return new Promise((resolve) => this.capacityWaiters.push(resolve));
  }

  push(delivery: Delivery): void {
    this.deps.metrics?.consumed(this.options.durable);
    if (this.stopping) {
      // Not started, so not ours to finish: hand it back for another replica or the next start.
      delivery.nak(0);
      return;
    }
    this.inFlight.add(delivery);
    const event = delivery.event;
    if (!event) {
      void this.deadLetter(delivery, 'invalid_event', delivery.decodeError);
      return;
    }
    if (delivery.deliveryCount > this.options.maxDeliveries) {
      // The budget was spent without us seeing a failure: the process died mid-handler each time.
      void this.deadLetter(
        delivery,
        'max_deliveries',
        new Error(`delivered ${delivery.deliveryCount} times without completing`),
      );
      return;
    }
    const partition = event.partitionkey ?? event.id;
    let queue = this.queues.get(partition);
    if (!queue) {
      queue = [];
      this.queues.set(partition, queue);
    }
    queue.push(delivery);
    if (!this.active.has(partition)) this.runnable.add(partition);
    this.pump();
  }

  /** Stops taking work: buffered deliveries go back unacked; resolves when running handlers settled. */
  async drain(): Promise<void> {
    this.stopping = true;
    clearInterval(this.keepAlive);
    for (const [partition, queue] of this.queues) {
      for (const delivery of queue) {
        delivery.nak(0);
        this.settled(delivery);
      }
      this.queues.delete(partition);
    }
    this.runnable.clear();
    this.releaseCapacity();
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.runnable.size > 0) {
      const partition: string = this.runnable.values().next().value!;
      this.runnable.delete(partition);
      const queue = this.queues.get(partition);
      if (!queue || queue.length === 0 || this.active.has(partition)) continue;
      const next = this.nextRunnable(partition, queue);
      if (!next) continue;
      this.active.add(partition);
      this.running++;
      void this.run(partition, next).finally(() => {
        this.running--;
        this.active.delete(partition);
        const rest = this.queues.get(partition);
        if (rest && rest.length > 0) this.runnable.add(partition);
        else this.queues.delete(partition);
        if (this.running === 0 && this.stopping) this.idleWaiters.splice(0).forEach((resolve) => resolve());
        this.pump();
      });
    }
  }

  /** Takes the delivery a partition may run now, honouring a pending retry hold. */
  private nextRunnable(partition: string, queue: Delivery[]): Delivery | undefined {
    const block = this.blocks.get(partition);
    if (block) {
      const awaited = queue.findIndex((d) => d.streamSequence === block.streamSequence);
      if (awaited >= 0) {
        this.blocks.delete(partition);
        return queue.splice(awaited, 1)[0];
      }
      if (Date.now() < block.until) {
        if (!this.wakeups.has(partition)) {
          this.wakeups.add(partition);
          setTimeout(() => this.wake(partition), block.until - Date.now()).unref();
        }
        return undefined;
      }
      this.blocks.delete(partition);
      this.deps.logger.warn(
        `consumer ${this.options.durable}: retry of message ${block.streamSequence} did not come back in time; ` +
          `partition ${partition} continues without it (ordering relaxed)`,
      );
    }
    return queue.shift();
  }

  private wake(partition: string): void {
    this.wakeups.delete(partition);
    if (this.stopping || this.active.has(partition) || !this.queues.get(partition)?.length) return;
    this.runnable.add(partition);
    this.pump();
  }

  private async run(partition: string, delivery: Delivery): Promise<void> {
    const event = delivery.event!;
    const { durable } = this.options;
    const context: DeliveryContext = {
      subject: delivery.raw.subject,
      deliveryCount: delivery.deliveryCount,
      streamSequence: delivery.streamSequence,
      consumer: durable,
      headers: delivery.raw.headers,
    };
    const started = performance.now();
    try {
      if (this.options.idempotent && this.deps.store && (await this.deps.store.has(durable, event.id))) {
        this.ack(delivery);
        return;
      }
      await this.deps.handler(event, context);
      if (this.options.idempotent && this.deps.store) await this.deps.store.mark(durable, event.id);
      this.deps.metrics?.handlerDuration(durable, (performance.now() - started) / 1000, 'ok');
      this.ack(delivery);
    } catch (error) {
      this.deps.metrics?.handlerDuration(durable, (performance.now() - started) / 1000, 'error');
      const disposition = dispositionFor(
        error,
        delivery.deliveryCount,
        this.options.maxDeliveries,
        this.options.backoff,
      );
      if (disposition.action === 'retry') {
        this.retry(partition, delivery, disposition.delayMs, error);
      } else {
        await this.deadLetter(delivery, disposition.reason, error);
      }
    }
  }

  private ack(delivery: Delivery): void {
    delivery.ack();
    this.deps.metrics?.acked(this.options.durable);
    this.settled(delivery);
  }

  private retry(partition: string, delivery: Delivery, delayMs: number, error: unknown): void {
    delivery.nak(delayMs);
    this.deps.metrics?.naked(this.options.durable);
    // Hold the partition until this message is back; a little slack for the server's timer.
    this.blocks.set(partition, {
      streamSequence: delivery.streamSequence,
      until: Date.now() + delayMs + 2_000,
    });
    this.deps.logger.debug?.(
      `consumer ${this.options.durable}: event ${delivery.event?.id} failed (delivery ${delivery.deliveryCount}), ` +
        `retry in ${delayMs} ms: ${describe(error)}`,
    );
    this.settled(delivery);
  }

  private async deadLetter(
    delivery: Delivery,
    reason: DeadLetterRecord['reason'],
    error: unknown,
  ): Promise<void> {
    const record = deadLetterRecord(this.options.durable, delivery, reason, error);
    try {
      await this.deps.deadLetter(delivery, record);
    } catch (dlqError) {
      // Never drop a message because the DLQ is unavailable: give it back and try again later.
      this.deps.logger.error(
        `consumer ${this.options.durable}: could not dead-letter message ${delivery.streamSequence}: ${describe(dlqError)}`,
      );
      delivery.nak(this.options.backoff.initialMs);
      this.deps.metrics?.naked(this.options.durable);
      this.settled(delivery);
      return;
    }
    delivery.term(`${reason}: ${record.error}`.slice(0, 200));
    this.deps.metrics?.deadLettered(this.options.durable, reason);
    this.deps.logger.warn(
      `consumer ${this.options.durable}: dead-lettered message ${delivery.streamSequence} ` +
        `(event ${delivery.event?.id ?? 'undecodable'}, ${reason}): ${record.error}`,
    );
    this.settled(delivery);
  }

  private settled(delivery: Delivery): void {
    this.inFlight.delete(delivery);
    this.releaseCapacity();
  }

  private releaseCapacity(): void {
    if (this.capacityWaiters.length === 0) return;
    if (this.load < this.maxInFlight || this.stopping) this.capacityWaiters.splice(0).forEach((r) => r());
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
