import { Logger, type LoggerService } from '@nestjs/common';
import { SwitchboardError } from '@switchboard/errors';
import { assertValidEvent, fromNatsMessage, toNatsMessage, type CloudEvent } from '@switchboard/events';
import { STREAMS, type InProcessBusOptions, type StreamKey } from '../bus.options';
import { ConsumerEngine, resolveConsumerOptions } from '../delivery/consumer-engine';
import { deadLetterHeaders } from '../delivery/dead-letter';
import type {
  BusMetrics,
  ConsumerOptions,
  EventBus,
  EventHandler,
  PublishAck,
  PublishOptions,
  RequestHandler,
  Subscription,
  WatchHandler,
} from '../event-bus';
import { MemoryProcessedEventStore } from '../idempotency/memory-processed-event-store';
import type { ProcessedEventStore } from '../idempotency/processed-event-store';
import { resolveStreamSettings } from '../jetstream/stream-provisioner';
import { assertRequestSubject, decodeReply, encodeReplyError } from '../request-reply';
import { deadLetterSubject, eventSubject, streamForSubject, subjectMatches } from '../subjects';
import { MemoryConsumer } from './memory-consumer';
import { MemoryStream } from './memory-stream';

interface Responder {
  subject: string;
  queue: string;
  handler: RequestHandler;
}

/**
 * The fallback bus when no NATS can be reached: the same interface, the same consumer engine
 * (ordering, retries with backoff, dead letters, idempotency), the same encoding — but held in this
 * process's memory, so everything not yet handled is lost when the process stops.
 */
export class InProcessBus implements EventBus {
  readonly kind = 'in-process' as const;
  readonly durable = false;
  private readonly streams: Record<StreamKey, MemoryStream>;
  private readonly consumers = new Map<string, MemoryConsumer>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly responders: Responder[] = [];
  private readonly watchers = new Set<{ filter: string; handler: WatchHandler }>();
  private readonly metrics: BusMetrics | undefined;
  private readonly logger: LoggerService;
  private readonly store: ProcessedEventStore;
  private readonly defaultTenant: string;
  private roundRobin = 0;
  private closed = false;

  constructor(options: InProcessBusOptions = {}) {
    const settings = resolveStreamSettings(options.streams);
    this.streams = {
      EVT: new MemoryStream(STREAMS.EVT.name, settings.EVT),
      CMD: new MemoryStream(STREAMS.CMD.name, settings.CMD),
      DLQ: new MemoryStream(STREAMS.DLQ.name, settings.DLQ),
    };
    this.metrics = options.metrics;
    this.logger = options.logger ?? new Logger('Bus');
    this.store = options.processedStore ?? new MemoryProcessedEventStore();
    this.defaultTenant = options.defaultTenant ?? 'default';
  }

  async publish(event: CloudEvent, options: PublishOptions = {}): Promise<PublishAck> {
    const valid = assertValidEvent(event);
    const subject = options.subject ?? eventSubject(valid, this.defaultTenant);
    const { headers, data } = toNatsMessage(valid);
    return this.append(subject, headers, data, valid.id);
  }

  async subscribe<T = unknown>(options: ConsumerOptions, handler: EventHandler<T>): Promise<Subscription> {
    this.assertOpen();
    const resolved = resolveConsumerOptions(options);
    const streamKey = options.stream ?? streamForSubject(resolved.filterSubject);
    let consumer = this.consumers.get(`${streamKey}/${resolved.durable}`);
    if (!consumer) {
      consumer = new MemoryConsumer(
        resolved.durable,
        resolved.filterSubject,
        this.streams[streamKey],
        resolved.ackWaitMs,
      );
      this.consumers.set(`${streamKey}/${resolved.durable}`, consumer);
    } else if (consumer.filterSubject !== resolved.filterSubject) {
      throw SwitchboardError.permanent(
        `durable consumer ${resolved.durable} filters ${consumer.filterSubject}, not ${resolved.filterSubject}: use a new durable name for a new filter`,
      );
    }
    const engine = new ConsumerEngine(resolved, {
      handler: handler as EventHandler,
      deadLetter: async (delivery, record) => {
        this.append(
          deadLetterSubject(record.consumer),
          deadLetterHeaders(delivery.raw.headers, record),
          delivery.raw.data,
          `${record.consumer}:${record.stream}:${record.streamSequence}`,
        );
      },
      store: this.store,
      metrics: this.metrics,
      logger: this.logger,
    });
    consumer.attach(engine, resolved.ackWaitMs);
    const attached = consumer;
    const subscription: Subscription = {
      durable: resolved.durable,
      stop: async () => {
        if (!this.subscriptions.delete(subscription)) return;
        attached.detach();
        await engine.drain();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async request(
    subject: string,
    request: CloudEvent,
    options: { timeoutMs?: number } = {},
  ): Promise<CloudEvent> {
    assertRequestSubject(subject);
    const encoded = toNatsMessage(assertValidEvent(request));
    const candidates = this.responders.filter((responder) => subjectMatches(responder.subject, subject));
    if (candidates.length === 0)
      throw SwitchboardError.retryable(`request on ${subject} got no answer: no responders`);
    const responder = candidates[this.roundRobin++ % candidates.length];
    const timeoutMs = options.timeoutMs ?? 2_000;
    let timer: NodeJS.Timeout | undefined;
    const answer = (async () => {
      try {
        const reply = await responder.handler(fromNatsMessage(encoded.headers, encoded.data));
        return toNatsMessage(assertValidEvent(reply));
      } catch (error) {
        return { headers: encodeReplyError(error), data: new Uint8Array() };
      }
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            SwitchboardError.retryable(
              `request on ${subject} got no answer: timed out after ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    });
    const reply = await Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
    return decodeReply(reply.headers, reply.data);
  }

  async reply(
    subject: string,
    handler: RequestHandler,
    options: { queue?: string } = {},
  ): Promise<Subscription> {
    this.assertOpen();
    assertRequestSubject(subject);
    const responder: Responder = { subject, queue: options.queue ?? subject, handler };
    this.responders.push(responder);
    const subscription: Subscription = {
      durable: subject,
      stop: async () => {
        this.subscriptions.delete(subscription);
        const index = this.responders.indexOf(responder);
        if (index >= 0) this.responders.splice(index, 1);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async watch<T = unknown>(filterSubject: string, handler: WatchHandler<T>): Promise<Subscription> {
    this.assertOpen();
    const watcher = { filter: filterSubject, handler: handler as WatchHandler };
    this.watchers.add(watcher);
    const subscription: Subscription = {
      durable: `watch:${filterSubject}`,
      stop: async () => {
        this.subscriptions.delete(subscription);
        this.watchers.delete(watcher);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    return this.closed
      ? { ok: false, detail: 'in-process bus closed' }
      : { ok: true, detail: 'in-process bus: durability OFF, events are lost on restart' };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  private append(
    subject: string,
    headers: Record<string, string>,
    data: Uint8Array,
    msgId: string,
  ): PublishAck {
    this.assertOpen();
    const streamKey = streamForSubject(subject);
    const stream = this.streams[streamKey];
    const { seq, duplicate } = stream.append(subject, headers, data, msgId);
    this.metrics?.published(stream.name, duplicate ? 'duplicate' : 'ok');
    if (!duplicate) {
      this.notifyWatchers(subject, headers, data);
      for (const [key, consumer] of this.consumers) {
        if (key.startsWith(`${streamKey}/`) && subjectMatches(consumer.filterSubject, subject))
          consumer.pump();
      }
    }
    return { stream: stream.name, seq, duplicate };
  }

  /** Like a core NATS publish reaching plain subscribers: after the store, asynchronously, unacked. */
  private notifyWatchers(subject: string, headers: Record<string, string>, data: Uint8Array): void {
    for (const watcher of this.watchers) {
      if (!subjectMatches(watcher.filter, subject)) continue;
      queueMicrotask(() => {
        let event: CloudEvent;
        try {
          event = fromNatsMessage(headers, data);
        } catch {
          return;
        }
        void Promise.resolve()
          .then(() => watcher.handler(event, subject))
          .catch((failure: unknown) =>
            this.logger.warn(`watcher of ${watcher.filter} failed on ${event.id}: ${String(failure)}`),
          );
      });
    }
  }

  private assertOpen(): void {
    if (this.closed) throw SwitchboardError.permanent('the bus is closed');
  }
}
