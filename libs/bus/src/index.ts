export type {
  BusMetrics,
  ConsumerOptions,
  DeadLetterReason,
  DeliveryContext,
  EventBus,
  EventHandler,
  PublishAck,
  PublishOptions,
  RequestHandler,
  Subscription,
  WatchHandler,
} from './event-bus';
export { EVENT_BUS, STREAMS, DEFAULT_STREAM_SETTINGS } from './bus.options';
export type {
  CommonBusOptions,
  InProcessBusOptions,
  JetStreamBusOptions,
  StreamKey,
  StreamSettings,
} from './bus.options';
export { JetStreamBus } from './jetstream/jetstream.bus';
export { streamConfig } from './jetstream/stream-provisioner';
export { InProcessBus } from './in-process/in-process.bus';
export { redactServers } from './jetstream/nats-headers';
export type { ProcessedEventStore } from './idempotency/processed-event-store';
export { MemoryProcessedEventStore } from './idempotency/memory-processed-event-store';
export { KvProcessedEventStore } from './idempotency/kv-processed-event-store';
export {
  commandSubject,
  deadLetterSubject,
  eventSubject,
  streamForSubject,
  subjectMatches,
} from './subjects';
export { rpcSubject } from './request-reply';
export { backoffDelay, DEFAULT_BACKOFF } from './delivery/backoff';
export type { BackoffPolicy } from './delivery/backoff';
export { DLQ_HEADERS, readDeadLetterRecord } from './delivery/dead-letter';
export type { DeadLetterRecord } from './delivery/dead-letter';
export { CONSUMER_DEFAULTS } from './delivery/consumer-engine';
export { BusTransportServer, BusExceptionPassthroughFilter } from './transport/bus-transport.server';
export { BusClientProxy } from './transport/bus.client';
export { BusContext } from './transport/bus.context';
export { BUS_TRANSPORT, defaultDurableName } from './transport/bus-transport.options';
export type { BusEventExtras, BusTransportOptions } from './transport/bus-transport.options';
export { connectBusTransport } from './transport/connect-bus-transport';
