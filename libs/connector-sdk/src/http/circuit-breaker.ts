import CircuitBreaker from 'opossum';

/** Circuit breaker settings of a client. */
export interface CircuitBreakerOptions {
  /** Consecutive counted failures (network, timeout, 408, 5xx except 501) that open the circuit. Default 5. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe request is let through. Default 30 s. */
  resetAfterMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER: Readonly<CircuitBreakerOptions> = Object.freeze({
  failureThreshold: 5,
  resetAfterMs: 30_000,
});

/** `closed`: requests flow. `open`: they fail fast. `half-open`: one probe decides. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Rejection of a call made while the circuit is open (or half-open with its probe in flight). */
export class CircuitOpenError extends Error {
  constructor(
    readonly state: Exclude<CircuitState, 'closed'>,
    /** Until the next probe may go through. */
    readonly retryAfterMs: number,
  ) {
    super(state === 'open' ? 'circuit open' : 'circuit half-open, probe in flight');
    this.name = 'CircuitOpenError';
  }
}

type Action = () => Promise<unknown>;

/**
 * One breaker per client, on opossum. Opossum trips on an error *percentage* over a rolling
 * window; vendor outages are better described by *consecutive* failures (a quiet poller makes few
 * calls, so percentages swing), so its own trip rule is switched off (`volumeThreshold` unreachable)
 * and the circuit is opened here after N consecutive counted failures. Opossum still provides the
 * state machine: the reset timer, the single half-open probe, and re-opening when the probe fails.
 * Errors `isFailure` rejects (a 404, a 429) prove the vendor is up: they reset the count and close
 * a half-open circuit.
 */
export class ConnectorCircuitBreaker {
  private readonly breaker?: CircuitBreaker<[Action], unknown>;
  private consecutiveFailures = 0;
  private openedAt = 0;

  constructor(
    private readonly options: CircuitBreakerOptions | false,
    isFailure: (error: unknown) => boolean,
    onStateChange: () => void,
  ) {
    if (options === false) return;
    const breaker = new CircuitBreaker<[Action], unknown>((action) => action(), {
      timeout: false, // the HTTP client owns timeouts
      resetTimeout: options.resetAfterMs,
      volumeThreshold: Number.MAX_SAFE_INTEGER,
      errorFilter: (error: unknown) => !isFailure(error),
      enableSnapshots: false,
    });
    breaker.on('failure', () => {
      this.consecutiveFailures++;
      if (this.consecutiveFailures >= options.failureThreshold) breaker.open();
    });
    breaker.on('success', () => {
      this.consecutiveFailures = 0;
    });
    breaker.on('open', () => {
      this.openedAt = Date.now();
      onStateChange();
    });
    breaker.on('halfOpen', onStateChange);
    breaker.on('close', () => {
      this.consecutiveFailures = 0;
      onStateChange();
    });
    this.breaker = breaker;
  }

  get state(): CircuitState {
    if (!this.breaker || this.breaker.closed) return 'closed';
    return this.breaker.halfOpen ? 'half-open' : 'open';
  }

  /** Runs `action` through the breaker; rejects with {@link CircuitOpenError} without running it when open. */
  async run<T>(action: () => Promise<T>): Promise<T> {
    if (!this.breaker) return action();
    try {
      return (await this.breaker.fire(action)) as T;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') {
        const state = this.state === 'half-open' ? 'half-open' : 'open';
        throw new CircuitOpenError(state, this.retryAfterMs());
      }
      throw error;
    }
  }

  /** Milliseconds until the next probe may go through (the full reset period while a probe is in flight). */
  retryAfterMs(): number {
    if (this.options === false) return 0;
    if (this.state === 'half-open') return this.options.resetAfterMs;
    return Math.max(0, this.options.resetAfterMs - (Date.now() - this.openedAt));
  }

  /** Stops the reset timer and opossum's statistics interval. */
  shutdown(): void {
    this.breaker?.shutdown();
  }
}
