import type { ProcessedEventStore } from './processed-event-store';

/** Process-local record of handled events, for the in-process bus (which keeps nothing across restarts either). */
export class MemoryProcessedEventStore implements ProcessedEventStore {
  private readonly seen = new Map<string, number>();

  constructor(private readonly ttlMs = 24 * 3600_000) {}

  async has(consumer: string, eventId: string): Promise<boolean> {
    const at = this.seen.get(`${consumer}/${eventId}`);
    return at !== undefined && Date.now() - at < this.ttlMs;
  }

  async mark(consumer: string, eventId: string): Promise<void> {
    this.seen.set(`${consumer}/${eventId}`, Date.now());
    if (this.seen.size % 10_000 === 0) this.prune();
  }

  private prune(): void {
    const cutoff = Date.now() - this.ttlMs;
    for (const [key, at] of this.seen) if (at < cutoff) this.seen.delete(key);
  }
}
