/**
 * A counting semaphore: at most `limit` pieces of work of one instance run at once, whatever
 * started them (commands, polls, checks), so a busy instance cannot starve the others or exceed
 * what its vendor tolerates.
 */
export class WorkLimiter {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running += 1;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      // Hand the slot straight to the next waiter; only free it when nobody waits.
      if (next) next();
      else this.#running -= 1;
    }
  }

  get running(): number {
    return this.#running;
  }

  /** Work waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }
}
