import type { StreamSettings } from '../bus.options';

export interface StoredMessage {
  seq: number;
  subject: string;
  headers: Record<string, string>;
  data: Uint8Array;
  storedAt: number;
}

/** Bound on what a stream keeps in memory: the fallback must not grow without limit. */
const MAX_MESSAGES = 100_000;

/** A stream held in memory: append-only, de-duplicated on message id within the window, aged out. */
export class MemoryStream {
  private readonly messages: StoredMessage[] = [];
  private readonly recentIds = new Map<string, { seq: number; at: number }>();
  private lastSeq = 0;

  constructor(
    readonly name: string,
    private readonly settings: StreamSettings,
  ) {}

  append(
    subject: string,
    headers: Record<string, string>,
    data: Uint8Array,
    msgId: string,
  ): { seq: number; duplicate: boolean } {
    const now = Date.now();
    const seen = this.recentIds.get(msgId);
    if (seen && now - seen.at < this.settings.duplicateWindowMs) return { seq: seen.seq, duplicate: true };
    const seq = ++this.lastSeq;
    this.messages.push({ seq, subject, headers: { ...headers, 'Nats-Msg-Id': msgId }, data, storedAt: now });
    this.recentIds.set(msgId, { seq, at: now });
    this.trim(now);
    return { seq, duplicate: false };
  }

  /** First message with a sequence above `afterSeq` whose subject passes `accept`. */
  nextAfter(afterSeq: number, accept: (subject: string) => boolean): StoredMessage | undefined {
    let low = 0;
    let high = this.messages.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.messages[mid].seq <= afterSeq) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < this.messages.length; i++)
      if (accept(this.messages[i].subject)) return this.messages[i];
    return undefined;
  }

  get(seq: number): StoredMessage | undefined {
    const first = this.messages[0];
    if (!first) return undefined;
    const candidate = this.messages[seq - first.seq];
    return candidate?.seq === seq ? candidate : undefined;
  }

  get size(): number {
    return this.messages.length;
  }

  private trim(now: number): void {
    const maxAge = this.settings.maxAgeMs;
    let drop = Math.max(0, this.messages.length - MAX_MESSAGES);
    while (maxAge > 0 && drop < this.messages.length && now - this.messages[drop].storedAt > maxAge) drop++;
    if (drop > 0) this.messages.splice(0, drop);
    if (this.recentIds.size > 2 * MAX_MESSAGES || this.lastSeq % 1_000 === 0) {
      for (const [id, entry] of this.recentIds) {
        if (now - entry.at >= this.settings.duplicateWindowMs) this.recentIds.delete(id);
      }
    }
  }
}
