/**
 * Group commit for a write many callers make at once (deleting published outbox rows): what
 * callers add while a write runs goes, together, into the next one, and each caller's promise
 * settles with the write that carried its items. Under load that is one statement for many
 * callers instead of one each; alone, a caller waits one microtask longer.
 */
export class CoalescedWrites<T> {
  #batch: T[] | undefined;
  #batchWritten: Promise<void> | undefined;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    /** Largest batch one write takes (bound parameters per statement are limited). */
    private readonly maxBatch = 500,
  ) {}

  /** Resolves once a write containing `items` finished; rejects with that write's error. */
  add(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    if (!this.#batch) {
      const batch: T[] = (this.#batch = []);
      this.#batchWritten = this.#inFlight.then(() => {
        // Closed from here on: later items open the next batch, which waits for this write.
        if (this.#batch === batch) this.#batch = undefined;
        return this.#writeAll(batch);
      });
      this.#inFlight = this.#batchWritten.catch(() => undefined);
    }
    this.#batch.push(...items);
    return this.#batchWritten!;
  }

  async #writeAll(items: T[]): Promise<void> {
    for (let i = 0; i < items.length; i += this.maxBatch) await this.write(items.slice(i, i + this.maxBatch));
  }
}
