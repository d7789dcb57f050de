import type { CloudEvent } from '@switchboard/events';

/** What a successful durable publish returns. */
export interface PublishAck {
  /** Stream the event was stored in (`EVT`, `CMD`, `DLQ`; `memory` for the in-process bus). */
  stream: string;
  /** Stream sequence. */
  seq: number;
  /** True when the server recognised the id as a duplicate within its window and stored nothing. */
  duplicate: boolean;
}

export interface PublishOptions {
  /** Overrides the subject derived from the event (e.g. a command to `cmd.<tenant>.<instance>.<action>`). */
  subject?: string;
  /** Milliseconds to wait for the JetStream ack before failing with a retryable error. */
  timeoutMs?: number;
}

/** Passed to a handler alongside the event. */
export interface DeliveryContext {
  subject: string;
  /** 1 on first delivery. */
  deliveryCount: number;
  /** Stream sequence of this message. */
  streamSequence: number;
  /** Durable consumer name. */
  consumer: string;
  /** The message headers as received (`ce-*`, `traceparent`, and on dead letters `sb-dlq-*`). */
  headers: Readonly<Record<string, string>>;
}

export type EventHandler<T = unknown> = (
  event: CloudEvent<T>,
  context: DeliveryContext,
) => Promise<void> | void;

export interface ConsumerOptions {
  /** Durable name: stable across restarts and shared by replicas. `[A-Za-z0-9_-]+`. */
  durable: string;
  /** NATS subject filter, wildcards allowed, e.g. `evt.*.ops.alert.>`. */
  filterSubject: string;
  /** Stream to consume from; derived from the filter subject when omitted. */
  stream?: 'EVT' | 'CMD' | 'DLQ';
  /** Handlers running at once in this process (default 16). Same-partition events never overlap. */
  concurrency?: number;
  /** Deliveries before a failing event is dead-lettered (default 5). */
  maxDeliveries?: number;
  /** Backoff for retryable failures: delay = min(initial * factor^(n-1), max), n = delivery count. */
  backoff?: { initialMs?: number; factor?: number; maxMs?: number };
  /** How long the server waits for an ack before redelivering (default 30 s); renewed while a handler runs. */
  ackWaitMs?: number;
  /** Skip effects of events this consumer already handled (default true). */
  idempotent?: boolean;
}

/** A running consumer. `stop()` drains: in-flight handlers finish, nothing unfinished is acked. */
export interface Subscription {
  readonly durable: string;
  stop(): Promise<void>;
}

export type WatchHandler<T = unknown> = (event: CloudEvent<T>, subject: string) => Promise<void> | void;

export type RequestHandler = (request: CloudEvent) => Promise<CloudEvent> | CloudEvent;

/**
 * The hub's bus. Two implementations share this interface and one conformance suite:
 * JetStream (durable, at least once) and the in-process fallback (nothing survives a restart).
 */
export interface EventBus {
  readonly kind: 'jetstream' | 'in-process';
  /** False for the in-process fallback: events are lost on restart. */
  readonly durable: boolean;
  /** Validates the event, stores it durably, resolves after the store acknowledged it. */
  publish(event: CloudEvent, options?: PublishOptions): Promise<PublishAck>;
  subscribe<T = unknown>(options: ConsumerOptions, handler: EventHandler<T>): Promise<Subscription>;
  /** Request/reply for fast lookups (no durability, no side effects). Fails with a retryable error on timeout. */
  request(subject: string, request: CloudEvent, options?: { timeoutMs?: number }): Promise<CloudEvent>;
  /** Serves requests on a subject; replicas share the load through a queue group. */
  reply(subject: string, handler: RequestHandler, options?: { queue?: string }): Promise<Subscription>;
  /**
   * Fan-out notifications: every watcher, in every process, sees each event published on a
   * matching subject from now on. At most once, no replay, no ack, no retry: for hints that have a
   * source of truth elsewhere (a runtime reloading an instance it will also find by reconciling
   * with the database), never for work. Events that do not decode are skipped.
   */
  watch<T = unknown>(filterSubject: string, handler: WatchHandler<T>): Promise<Subscription>;
  /** Liveness of the connection, for `/readyz`. */
  health(): Promise<{ ok: boolean; detail: string }>;
  /** Drains every subscription, then closes the connection. */
  close(): Promise<void>;
}

/** Counters and histograms the bus reports; `libs/observability` provides the Prometheus implementation. */
export interface BusMetrics {
  published(stream: string, outcome: 'ok' | 'duplicate' | 'error'): void;
  consumed(consumer: string): void;
  acked(consumer: string): void;
  naked(consumer: string): void;
  deadLettered(consumer: string, reason: DeadLetterReason): void;
  handlerDuration(consumer: string, seconds: number, outcome: 'ok' | 'error'): void;
}

export type DeadLetterReason = 'permanent' | 'max_deliveries' | 'invalid_event';
