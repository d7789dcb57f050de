import { ErrorCode, SwitchboardError } from '@switchboard/errors';

/** Up to this rate requests are spaced one by one; above it, a quarter second's worth may burst. */
const SPACED_UP_TO_PER_SECOND = 50;
const BURST_WINDOW_MS = 250;

/**
 * One connector client's request budget: at most `maxConcurrent` requests in flight, and on
 * average no more than `requestsPerSecond` (a token bucket: one token per request, refilled
 * continuously; up to 50/s the bucket holds one token, so requests are evenly spaced as vendors
 * counting per second expect, above it a quarter second's worth). Waiting requests start in
 * arrival order.
 *
 * Not Bottleneck, which this replaced: its scheduler hands out one job per event-loop turn and,
 * measured here, tops out near 420 jobs/s whatever the limits, far below what a self-hosted tool
 * on the same network takes (see `npm run bench:pipeline`).
 */
export class RequestBudget {
  readonly #maxConcurrent: number;
  readonly #perMs: number;
  readonly #capacity: number;
  readonly #now: () => number;
  readonly #waiting: { start: () => void; fail: (error: Error) => void }[] = [];
  #inFlight = 0;
  #tokens: number;
  #refilledAt: number;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    limits: { maxConcurrent?: number; requestsPerSecond?: number },
    now: () => number = () => performance.now(),
  ) {
    this.#maxConcurrent = limits.maxConcurrent ?? Number.POSITIVE_INFINITY;
    const perSecond = limits.requestsPerSecond;
    this.#perMs = perSecond ? perSecond / 1000 : Number.POSITIVE_INFINITY;
    this.#capacity =
      perSecond && perSecond > SPACED_UP_TO_PER_SECOND ? (perSecond * BURST_WINDOW_MS) / 1000 : 1;
    this.#now = now;
    this.#tokens = this.#capacity;
    this.#refilledAt = now();
  }

  /** Requests running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Runs `job` once the budget allows; rejects at once after {@link stop}. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    await this.#admit();
    try {
      return await job();
    } finally {
      this.#inFlight--;
      this.#pump();
    }
  }

  /** Refuses new requests and fails the waiting ones; requests in flight finish. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const waiter of this.#waiting.splice(0)) waiter.fail(stoppedError());
  }

  #admit(): Promise<void> {
    if (this.#stopped) return Promise.reject(stoppedError());
    if (this.#waiting.length === 0 && this.#available()) {
      this.#take();
      return Promise.resolve();
    }
    return new Promise((start, fail) => {
      this.#waiting.push({ start, fail });
      this.#pump();
    });
  }

  #available(): boolean {
    if (this.#inFlight >= this.#maxConcurrent) return false;
    if (this.#perMs === Number.POSITIVE_INFINITY) return true;
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#refilledAt) * this.#perMs);
    this.#refilledAt = now;
    return this.#tokens >= 1;
  }

  #take(): void {
    this.#inFlight++;
    if (this.#perMs !== Number.POSITIVE_INFINITY) this.#tokens -= 1;
  }

  #pump(): void {
    while (this.#waiting.length > 0 && this.#available()) {
      this.#take();
      this.#waiting.shift()!.start();
    }
    // Out of tokens with a slot free: wake up when the next token is there.
    if (this.#waiting.length > 0 && this.#inFlight < this.#maxConcurrent && this.#timer === undefined) {
      const waitMs = Math.max(1, Math.ceil((1 - this.#tokens) / this.#perMs));
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#pump();
      }, waitMs);
    }
  }
}

function stoppedError(): SwitchboardError {
  return new SwitchboardError(ErrorCode.Permanent, 'the HTTP client is closed');
}
