import type { SwitchboardError } from '@switchboard/errors';
import type { CloudEvent } from '@switchboard/events';

/** The raw message as it travelled, kept so a dead letter holds exactly what was received. */
export interface RawMessage {
  subject: string;
  headers: Record<string, string>;
  data: Uint8Array;
}

/**
 * One delivery of one stored message to one consumer, whatever the bus implementation.
 * The consumer engine settles every delivery exactly once: ack, nak(delay) or term.
 */
export interface Delivery {
  readonly raw: RawMessage;
  /** The decoded, validated event; undefined when decoding failed (see `decodeError`). */
  readonly event: CloudEvent | undefined;
  readonly decodeError: SwitchboardError | undefined;
  readonly deliveryCount: number;
  readonly streamSequence: number;
  /** The stream the message came from, for dead-letter records. */
  readonly stream: string;
  ack(): void;
  /** Redeliver after `delayMs` (always pass one: a bare nak on nats-server 2.9 redelivers at once). */
  nak(delayMs: number): void;
  term(reason: string): void;
  /** Tells the server we are still on it, so the ack wait does not expire. */
  working(): void;
}
