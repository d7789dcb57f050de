/**
 * A wall clock that only moves when something sleeps on it: injected into the HTTP client as
 * `now` and `sleep`, it lets the kit see every wait the client asked for (a 30 s Retry-After is
 * recorded, not sat out) while Retry-After dates still resolve to exact delays.
 */
export class ManualClock {
  #nowMs: number;
  readonly #sleeps: number[] = [];

  constructor(startMs: number = Date.now()) {
    this.#nowMs = startMs;
  }

  /** Epoch milliseconds. */
  readonly now = (): number => this.#nowMs;

  /** Records the wait and moves the clock by it; resolves on the next tick. */
  readonly sleep = async (ms: number): Promise<void> => {
    this.#sleeps.push(ms);
    this.#nowMs += Math.max(0, ms);
    await Promise.resolve();
  };

  /** Every wait asked for, in order. */
  get sleeps(): readonly number[] {
    return this.#sleeps;
  }
}
