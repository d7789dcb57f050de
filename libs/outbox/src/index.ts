// @switchboard/outbox: events that must leave the process if, and only if, a database change
// commits. Write them with `enqueueEvents` inside the transaction (or `queueEvents` on its
// WriteBatch); `OutboxRelay` publishes them.
export { enqueueEvents, OUTBOX_HANDOVER_MS, queueEvents } from './outbox';
export type { EnqueueOptions, PendingEvent } from './outbox';
export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayOptions } from './outbox-relay';
export { OutboxModule } from './outbox.module';
