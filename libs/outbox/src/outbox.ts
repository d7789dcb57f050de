import type { CloudEvent } from '@switchboard/events';
import type { EntityManager } from 'typeorm';
import { OutboxMessage, insertEntities, type WriteBatch } from '@switchboard/persistence';

/**
 * How long a fresh row is left to the committing process, which publishes it right after the
 * commit, before relay passes take it too. Past it, a row whose publisher crashed is picked up.
 */
export const OUTBOX_HANDOVER_MS = 5_000;

export interface EnqueueOptions {
  /** Publish to this subject instead of the one derived from the event (commands). */
  subject?: string;
  /** Defaults to now. */
  now?: Date;
}

/** An event written to the outbox: hand it to `OutboxRelay.publishNow` once the transaction committed. */
export interface PendingEvent {
  readonly id: string;
  readonly event: CloudEvent;
  readonly subject: string | null;
}

/**
 * Writes events into the outbox inside the caller's transaction. They are published only if the
 * transaction commits, and then at least once: {@link OutboxRelay} takes them from there.
 * Returns them for `OutboxRelay.publishNow`, which publishes from memory (no read back).
 */
export async function enqueueEvents(
  manager: EntityManager,
  events: readonly CloudEvent[],
  options: EnqueueOptions = {},
): Promise<PendingEvent[]> {
  await insertEntities(manager, OutboxMessage, outboxRows(events, options));
  return pendingEvents(events, options);
}

/**
 * {@link enqueueEvents} on a transaction's {@link WriteBatch}: the rows are written when the batch
 * is flushed, which the caller does before its transaction commits.
 */
export function queueEvents(
  writes: WriteBatch,
  events: readonly CloudEvent[],
  options: EnqueueOptions = {},
): PendingEvent[] {
  writes.insert(OutboxMessage, outboxRows(events, options));
  return pendingEvents(events, options);
}

function outboxRows(events: readonly CloudEvent[], options: EnqueueOptions): OutboxMessage[] {
  const now = options.now ?? new Date();
  return events.map((event) =>
    Object.assign(new OutboxMessage(), {
      id: event.id,
      tenantId: event.tenantid ?? '',
      subject: options.subject ?? null,
      event: JSON.stringify(event),
      createdAt: now,
      nextAttemptAt: new Date(now.getTime() + OUTBOX_HANDOVER_MS),
      attempts: 0,
      lastError: null,
    }),
  );
}

function pendingEvents(events: readonly CloudEvent[], options: EnqueueOptions): PendingEvent[] {
  return events.map((event) => ({ id: event.id, event, subject: options.subject ?? null }));
}
