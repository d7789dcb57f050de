import { SwitchboardError } from '@switchboard/errors';
import { fromNatsMessage, type CloudEvent } from '@switchboard/events';
import type { ConsumerEngine } from '../delivery/consumer-engine';
import type { Delivery } from '../delivery/delivery';
import { subjectMatches } from '../subjects';
import type { MemoryStream, StoredMessage } from './memory-stream';

interface Pending {
  deliveryCount: number;
  /** Increments on every delivery; a settle from an older delivery is ignored. */
  attempt: number;
  timer?: NodeJS.Timeout;
}

/**
 * A durable consumer of a memory stream, with the server-side behaviour the engine relies on:
 * delivery counts, ack wait expiry, nak delays, term. It outlives its subscriptions, as a
 * JetStream durable does, so a new subscription with the same name resumes where the last one stopped.
 */
export class MemoryConsumer {
  private cursor = 0;
  private readonly pending = new Map<number, Pending>();
  /** Sequences due for redelivery, in the order they became due. */
  private readonly due = new Set<number>();
  private engine: ConsumerEngine | undefined;
  private pumping = false;

  constructor(
    readonly durable: string,
    readonly filterSubject: string,
    private readonly stream: MemoryStream,
    private ackWaitMs: number,
  ) {}

  attach(engine: ConsumerEngine, ackWaitMs: number): void {
    if (this.engine)
      throw SwitchboardError.conflict(`consumer ${this.durable} already has a subscription in this process`);
    this.engine = engine;
    this.ackWaitMs = ackWaitMs;
    this.pump();
  }

  detach(): void {
    this.engine = undefined;
  }

  /** Delivers what is due or new while the engine has room. */
  pump(): void {
    if (!this.engine || this.pumping) return;
    this.pumping = true;
    try {
      while (this.engine && this.engine.load < this.engine.maxInFlight) {
        const message = this.takeNext();
        if (!message) break;
        this.engine.push(this.deliver(message));
      }
    } finally {
      this.pumping = false;
    }
  }

  private takeNext(): StoredMessage | undefined {
    for (const seq of this.due) {
      this.due.delete(seq);
      const message = this.stream.get(seq);
      if (message) return message;
      this.pending.delete(seq); // aged out of the stream meanwhile
    }
    const next = this.stream.nextAfter(this.cursor, (subject) => subjectMatches(this.filterSubject, subject));
    if (next) this.cursor = next.seq;
    return next;
  }

  private deliver(message: StoredMessage): Delivery {
    const state = this.pending.get(message.seq) ?? { deliveryCount: 0, attempt: 0 };
    state.deliveryCount++;
    const attempt = ++state.attempt;
    this.pending.set(message.seq, state);
    this.armAckWait(message.seq, state);

    const current = () => this.pending.get(message.seq)?.attempt === attempt;
    const settle = () => {
      clearTimeout(state.timer);
      this.pending.delete(message.seq);
      queueMicrotask(() => this.pump());
    };
    let event: CloudEvent | undefined;
    let decodeError: SwitchboardError | undefined;
    try {
      event = fromNatsMessage(message.headers, message.data);
    } catch (error) {
      decodeError = error instanceof SwitchboardError ? error : SwitchboardError.permanent(String(error));
    }
    return {
      raw: { subject: message.subject, headers: message.headers, data: message.data },
      event,
      decodeError,
      deliveryCount: state.deliveryCount,
      streamSequence: message.seq,
      stream: this.stream.name,
      ack: () => current() && settle(),
      term: () => current() && settle(),
      nak: (delayMs) => {
        if (!current()) return;
        clearTimeout(state.timer);
        state.attempt++;
        state.timer = setTimeout(() => this.makeDue(message.seq), Math.max(0, delayMs));
        state.timer.unref();
        queueMicrotask(() => this.pump());
      },
      working: () => current() && this.armAckWait(message.seq, state),
    };
  }

  private armAckWait(seq: number, state: Pending): void {
    clearTimeout(state.timer);
    const attempt = state.attempt;
    state.timer = setTimeout(() => {
      if (this.pending.get(seq)?.attempt === attempt) {
        state.attempt++;
        this.makeDue(seq);
      }
    }, this.ackWaitMs);
    state.timer.unref();
  }

  private makeDue(seq: number): void {
    this.due.add(seq);
    this.pump();
  }
}
