import { Logger, type LoggerService } from '@nestjs/common';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerConfig,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { SwitchboardError } from '@switchboard/errors';
import { assertValidEvent, fromNatsMessage, toNatsMessage, type CloudEvent } from '@switchboard/events';
import { STREAMS, type JetStreamBusOptions } from '../bus.options';
import { ConsumerEngine, resolveConsumerOptions } from '../delivery/consumer-engine';
import { deadLetterHeaders, type DeadLetterRecord } from '../delivery/dead-letter';
import type { Delivery } from '../delivery/delivery';
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
import { KvProcessedEventStore } from '../idempotency/kv-processed-event-store';
import type { ProcessedEventStore } from '../idempotency/processed-event-store';
import { decodeReply, encodeReplyError, assertRequestSubject } from '../request-reply';
import { deadLetterSubject, eventSubject, streamForSubject } from '../subjects';
import { fromMsgHdrs, redactServers, toMsgHdrs } from './nats-headers';
import { provisionStreams } from './stream-provisioner';

const NS_PER_MS = 1_000_000;
const PROCESSED_BUCKET = 'sb_processed';
const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 2_000;
const PULL_EXPIRES_MS = 2_000;

/**
 * The durable bus: JetStream streams `EVT`, `CMD`, `DLQ`, durable pull consumers with explicit acks,
 * at-least-once delivery with idempotent handling. See DESIGN.md, "Bus".
 */
export class JetStreamBus implements EventBus {
  readonly kind = 'jetstream' as const;
  readonly durable = true;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly store: ProcessedEventStore,
    private readonly metrics: BusMetrics | undefined,
    private readonly logger: LoggerService,
    private readonly defaultTenant: string,
  ) {}

  /** Connects, provisions the streams and the processed-event bucket. Fails with a retryable error when NATS cannot be reached. */
  static async connect(options: JetStreamBusOptions): Promise<JetStreamBus> {
    const logger = options.logger ?? new Logger('Bus');
    const servers = Array.isArray(options.servers)
      ? options.servers
      : options.servers.split(',').map((url) => url.trim());
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers,
        name: options.name ?? 'switchboard',
        timeout: options.connectTimeoutMs ?? 5_000,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1_000,
        // Async traces build an Error for every request (each JetStream publish is one) to keep
        // the caller's stack; that was 4% of the hub's CPU under load. Bus errors name the
        // subject and the operation instead.
        noAsyncTraces: true,
      });
    } catch (error) {
      throw SwitchboardError.retryable(
        `cannot reach NATS at ${redactServers(servers)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    try {
      const jsm = await jetstreamManager(nc, { timeout: 5_000 });
      await provisionStreams(jsm, options.streams, logger);
      const kv = await new Kvm(nc).create(PROCESSED_BUCKET, {
        ttl: options.processedTtlMs ?? 7 * 24 * 3600_000,
        history: 1,
      });
      const store = options.processedStore ?? new KvProcessedEventStore(kv, nc, PROCESSED_BUCKET);
      return new JetStreamBus(
        nc,
        jetstream(nc, { timeout: DEFAULT_PUBLISH_TIMEOUT_MS }),
        jsm,
        store,
        options.metrics,
        logger,
        options.defaultTenant ?? 'default',
      );
    } catch (error) {
      await nc.close().catch(() => undefined);
      if (error instanceof SwitchboardError) throw error;
      throw SwitchboardError.retryable(
        `NATS at ${redactServers(servers)} is reachable but JetStream is not usable: ${
          error instanceof Error ? error.message : String(error)
        } (is the server started with -js?)`,
        { cause: error },
      );
    }
  }

  async publish(event: CloudEvent, options: PublishOptions = {}): Promise<PublishAck> {
    const valid = assertValidEvent(event);
    const subject = options.subject ?? eventSubject(valid, this.defaultTenant);
    const stream = STREAMS[streamForSubject(subject)].name;
    const { headers, data } = toNatsMessage(valid);
    try {
      const ack = await this.js.publish(subject, data, {
        msgID: valid.id,
        headers: toMsgHdrs(headers),
        timeout: options.timeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
      });
      this.metrics?.published(ack.stream, ack.duplicate ? 'duplicate' : 'ok');
      return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    } catch (error) {
      this.metrics?.published(stream, 'error');
      throw SwitchboardError.retryable(
        `publish of event ${valid.id} to ${subject} was not acknowledged: ${
          error instanceof Error ? error.message : String(error)
        }`,
        { cause: error },
      );
    }
  }

  async subscribe<T = unknown>(options: ConsumerOptions, handler: EventHandler<T>): Promise<Subscription> {
    this.assertOpen();
    const resolved = resolveConsumerOptions(options);
    const stream = STREAMS[options.stream ?? streamForSubject(resolved.filterSubject)].name;
    const engine = new ConsumerEngine(resolved, {
      handler: handler as EventHandler,
      deadLetter: (delivery, record) => this.publishDeadLetter(delivery, record),
      store: this.store,
      metrics: this.metrics,
      logger: this.logger,
    });
    await this.ensureConsumer(stream, {
      durable_name: resolved.durable,
      filter_subject: resolved.filterSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: resolved.ackWaitMs * NS_PER_MS,
      // The engine enforces the delivery budget itself (and dead-letters); a server-side limit
      // would silently strand a message that ran out of deliveries, which is a loss.
      max_deliver: -1,
      max_ack_pending: Math.max(1_000, engine.maxInFlight * 2),
    });
    const consumer = await this.js.consumers.get(stream, resolved.durable);
    const termReasons = supportsTermReason(this.nc.info?.version);
    const messages = await consumer.consume({
      max_messages: Math.min(engine.maxInFlight, 256),
      // Short-lived pull requests: after a drain, the server may still route redeliveries to a
      // request this process abandoned; it must expire quickly so they reach the next consumer.
      expires: PULL_EXPIRES_MS,
    });
    const pumping = (async () => {
      for await (const msg of messages) {
        engine.push(toDelivery(msg, stream, termReasons));
        await engine.waitForCapacity();
      }
    })().catch((error: unknown) => {
      this.logger.error(`consumer ${resolved.durable} stopped pulling: ${String(error)}`);
    });
    const subscription: Subscription = {
      durable: resolved.durable,
      stop: async () => {
        if (!this.subscriptions.delete(subscription)) return;
        // Stop pulling; whatever the client already buffered is handed back by the engine.
        messages.stop();
        await engine.drain();
        await pumping;
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
    const valid = assertValidEvent(request);
    const { headers, data } = toNatsMessage(valid);
    let reply: Msg;
    try {
      reply = await this.nc.request(subject, data, {
        headers: toMsgHdrs(headers),
        timeout: options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      });
    } catch (error) {
      throw SwitchboardError.retryable(
        `request on ${subject} got no answer: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return decodeReply(fromMsgHdrs(reply.headers), reply.data);
  }

  async reply(
    subject: string,
    handler: RequestHandler,
    options: { queue?: string } = {},
  ): Promise<Subscription> {
    this.assertOpen();
    assertRequestSubject(subject);
    const sub = this.nc.subscribe(subject, {
      queue: options.queue ?? subject,
      callback: (error, msg) => {
        if (error) return;
        void (async () => {
          try {
            const answer = await handler(fromNatsMessage(fromMsgHdrs(msg.headers), msg.data));
            const encoded = toNatsMessage(assertValidEvent(answer));
            msg.respond(encoded.data, { headers: toMsgHdrs(encoded.headers) });
          } catch (failure) {
            msg.respond(new Uint8Array(), { headers: toMsgHdrs(encodeReplyError(failure)) });
          }
        })();
      },
    });
    await this.nc.flush(); // as in watch(): the responder is registered when this resolves
    const subscription: Subscription = {
      durable: subject,
      stop: async () => {
        if (!this.subscriptions.delete(subscription)) return;
        await sub.drain();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async watch<T = unknown>(filterSubject: string, handler: WatchHandler<T>): Promise<Subscription> {
    this.assertOpen();
    // A plain core subscription, no queue group: JetStream stores what is published on `evt.>`,
    // and the same publish also reaches every core subscriber of the subject, in every process.
    const sub = this.nc.subscribe(filterSubject, {
      callback: (error, msg) => {
        if (error) return;
        let event: CloudEvent<T>;
        try {
          event = fromNatsMessage(fromMsgHdrs(msg.headers), msg.data) as CloudEvent<T>;
        } catch {
          return;
        }
        void Promise.resolve()
          .then(() => handler(event, msg.subject))
          .catch((failure: unknown) =>
            this.logger.warn(`watcher of ${filterSubject} failed on ${event.id}: ${String(failure)}`),
          );
      },
    });
    // Resolve only once the server has the interest: a publish from another connection right
    // after watch() resolves must reach it.
    await this.nc.flush();
    const subscription: Subscription = {
      durable: `watch:${filterSubject}`,
      stop: async () => {
        if (!this.subscriptions.delete(subscription)) return;
        await sub.drain();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    if (this.nc.isClosed()) return { ok: false, detail: 'NATS connection closed' };
    try {
      const rtt = await withTimeout(this.nc.rtt(), 2_000, 'NATS did not answer a ping within 2 s');
      await withTimeout(this.jsm.getAccountInfo(), 2_000, 'JetStream did not answer within 2 s');
      return { ok: true, detail: `JetStream at ${this.nc.getServer()} (rtt ${rtt.toFixed(1)} ms)` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    // Drain flushes what is pending; against a server that is gone it cannot, and the client would
    // keep reconnecting forever: bound it, then close for good.
    await withTimeout(this.nc.drain(), 5_000, 'drain timed out').catch(() => undefined);
    if (!this.nc.isClosed()) await this.nc.close().catch(() => undefined);
  }

  /** The raw connection, for infrastructure that needs more than the bus (KV leases, benchmarks). */
  get connection(): NatsConnection {
    return this.nc;
  }

  private async ensureConsumer(stream: string, config: Partial<ConsumerConfig> & { durable_name: string }) {
    const existing = await this.jsm.consumers.info(stream, config.durable_name).catch((error: unknown) => {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound)
        return undefined;
      throw error;
    });
    if (!existing) {
      await this.jsm.consumers.add(stream, config);
      return;
    }
    if (existing.config.filter_subject !== config.filter_subject) {
      throw SwitchboardError.permanent(
        `durable consumer ${config.durable_name} on ${stream} filters ${existing.config.filter_subject}, ` +
          `not ${config.filter_subject}: use a new durable name for a new filter`,
      );
    }
    const { durable_name: _name, filter_subject: _filter, deliver_policy: _policy, ...updatable } = config;
    await this.jsm.consumers.update(stream, config.durable_name, updatable);
  }

  private async publishDeadLetter(delivery: Delivery, record: DeadLetterRecord): Promise<void> {
    await this.js.publish(deadLetterSubject(record.consumer), delivery.raw.data, {
      msgID: `${record.consumer}:${record.stream}:${record.streamSequence}`,
      headers: toMsgHdrs(deadLetterHeaders(delivery.raw.headers, record)),
    });
  }

  private assertOpen(): void {
    if (this.closed) throw SwitchboardError.permanent('the bus is closed');
  }
}

/**
 * `+TERM <reason>` is understood from nats-server 2.10.4 on; an older server (Debian 12 ships
 * 2.9) does not recognise it as a term at all and redelivers the message after ack_wait, so a
 * dead letter would be written again and again. The reason also lives in the DLQ record.
 */
export function supportsTermReason(serverVersion: string | undefined): boolean {
  const [major = 0, minor = 0, patch = 0] = (serverVersion ?? '').split(/[.-]/).map(Number);
  return major > 2 || (major === 2 && (minor > 10 || (minor === 10 && patch >= 4)));
}

function toDelivery(msg: JsMsg, stream: string, termReasons: boolean): Delivery {
  const headers = fromMsgHdrs(msg.headers);
  let event: CloudEvent | undefined;
  let decodeError: SwitchboardError | undefined;
  try {
    event = fromNatsMessage(headers, msg.data);
  } catch (error) {
    decodeError =
      error instanceof SwitchboardError
        ? error
        : SwitchboardError.permanent(
            `undecodable message: ${error instanceof Error ? error.message : String(error)}`,
          );
  }
  return {
    raw: { subject: msg.subject, headers, data: msg.data },
    event,
    decodeError,
    deliveryCount: msg.info.deliveryCount,
    streamSequence: msg.info.streamSequence,
    stream,
    ack: () => msg.ack(),
    // A zero-delay nak comes from a drain: wait out the abandoned pull request (see PULL_EXPIRES_MS).
    nak: (delayMs) => msg.nak(delayMs > 0 ? delayMs : PULL_EXPIRES_MS + 250),
    term: (reason) => (termReasons ? msg.term(reason) : msg.term()),
    working: () => msg.working(),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
