import type { ErrorCode } from '@switchboard/errors';
import type { CircuitState } from './circuit-breaker';

/**
 * Health of a client as the runtime reports it for the instance: rate limiting and an open
 * circuit are shown, not hidden behind slow requests.
 */
export interface ConnectorHttpStatus {
  /** Set while the vendor has asked us to wait (429/503 Retry-After, or a spent rate-limit budget). */
  rateLimitedUntil?: Date;
  circuit: CircuitState;
  /**
   * The last failure that says something about the connection's health (not `not_found`,
   * `conflict` or `validation`: those are answers about the data, from a healthy vendor).
   */
  lastError?: { code: ErrorCode; message: string; at: Date };
  /** The last successful response. */
  lastSuccessAt?: Date;
}

/** Keeps a client's status and calls the listener whenever it changes. */
export class ClientStatusTracker {
  private rateLimitedUntilMs?: number;
  private lastError?: ConnectorHttpStatus['lastError'];
  private lastSuccessAt?: Date;
  private lastPublished = '';

  constructor(
    private readonly now: () => number,
    private readonly circuit: () => CircuitState,
    private readonly listener?: (status: ConnectorHttpStatus) => void,
    private readonly onListenerError?: (error: unknown) => void,
  ) {}

  snapshot(): ConnectorHttpStatus {
    const status: ConnectorHttpStatus = { circuit: this.circuit() };
    if (this.rateLimitedUntilMs !== undefined && this.rateLimitedUntilMs > this.now()) {
      status.rateLimitedUntil = new Date(this.rateLimitedUntilMs);
    }
    if (this.lastError) status.lastError = { ...this.lastError, at: new Date(this.lastError.at) };
    if (this.lastSuccessAt) status.lastSuccessAt = new Date(this.lastSuccessAt);
    return status;
  }

  /** Milliseconds until the rate limit lifts; 0 when not limited. */
  rateLimitWaitMs(): number {
    return this.rateLimitedUntilMs === undefined ? 0 : Math.max(0, this.rateLimitedUntilMs - this.now());
  }

  rateLimitedFor(waitMs: number): void {
    const until = this.now() + waitMs;
    // Concurrent requests may each be told to wait: keep the latest deadline.
    this.rateLimitedUntilMs = Math.max(until, this.rateLimitedUntilMs ?? 0);
    this.publish();
  }

  succeeded(stillRateLimited: boolean): void {
    if (!stillRateLimited) this.rateLimitedUntilMs = undefined;
    this.lastSuccessAt = new Date(this.now());
    this.publish();
  }

  failed(code: ErrorCode, message: string): void {
    this.lastError = { code, message, at: new Date(this.now()) };
    this.publish();
  }

  /**
   * Calls the listener when the status changed in a way that matters for health: circuit state,
   * rate limiting, a new error, the first success, recovery after an error. Not on every success:
   * `lastSuccessAt` ticking along is no news.
   */
  publish(): void {
    if (!this.listener) return;
    const status = this.snapshot();
    const fingerprint = JSON.stringify({
      circuit: status.circuit,
      rateLimitedUntil: status.rateLimitedUntil,
      lastError: status.lastError,
      succeeded: status.lastSuccessAt !== undefined,
      recovered: !!status.lastSuccessAt && !!status.lastError && status.lastSuccessAt >= status.lastError.at,
    });
    if (fingerprint === this.lastPublished) return;
    this.lastPublished = fingerprint;
    try {
      this.listener(status);
    } catch (error) {
      // A broken health listener must not fail the vendor call it is reporting on.
      this.onListenerError?.(error);
    }
  }
}
