import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ProcessedEventStore } from './processed-event-store';

/** KV keys allow `[-/_=.a-zA-Z0-9]`; anything else in an id is encoded so distinct ids stay distinct. */
function keyOf(consumer: string, eventId: string): string {
  const safeId = /^[-_=a-zA-Z0-9]+$/.test(eventId)
    ? eventId
    : `b64_${Buffer.from(eventId).toString('base64url')}`;
  return `${consumer}.${safeId}`;
}

const EMPTY = new Uint8Array();

/**
 * Handled-event record in a JetStream KV bucket: durable, replicated with the streams, expired by the
 * bucket's max age. Lives next to the messages it guards, so it needs nothing but NATS.
 *
 * The lookup is a direct get. The mark is published into the bucket's subject without waiting for
 * the store's ack: it is pipelined with the message ack that follows, which halves the round trips
 * per event. A mark lost to a server crash costs at most one repeated effect on a later
 * redelivery — the at-least-once floor — never a lost event.
 */
export class KvProcessedEventStore implements ProcessedEventStore {
  private readonly subjectPrefix: string;

  constructor(
    private readonly kv: KV,
    private readonly nc: NatsConnection,
    bucket: string,
  ) {
    this.subjectPrefix = `$KV.${bucket}.`;
  }

  async has(consumer: string, eventId: string): Promise<boolean> {
    const entry = await this.kv.get(keyOf(consumer, eventId));
    return entry !== null && entry.operation === 'PUT';
  }

  async mark(consumer: string, eventId: string): Promise<void> {
    this.nc.publish(this.subjectPrefix + keyOf(consumer, eventId), EMPTY);
  }
}
