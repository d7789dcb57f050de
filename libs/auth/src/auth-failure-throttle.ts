/**
 * Slows down key guessing: after `limit` failed authentications from one client within `windowMs`,
 * further attempts from it are refused until the window has passed. Per process: each replica
 * counts its own, which bounds guessing per replica and needs no shared store.
 */
export class AuthFailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly limit = 10,
    readonly windowMs = 60_000,
  ) {}

  /** Milliseconds this client must wait, or 0 when it may try. */
  retryAfterMs(client: string, now = Date.now()): number {
    const recent = this.recent(client, now);
    return recent.length >= this.limit ? recent[0] + this.windowMs - now : 0;
  }

  recordFailure(client: string, now = Date.now()): void {
    const recent = this.recent(client, now);
    recent.push(now);
    this.failures.set(client, recent);
    if (this.failures.size > 10_000) this.sweep(now);
  }

  private recent(client: string, now: number): number[] {
    return (this.failures.get(client) ?? []).filter((at) => now - at < this.windowMs);
  }

  private sweep(now: number): void {
    for (const [client, times] of this.failures) {
      if (times.every((at) => now - at >= this.windowMs)) this.failures.delete(client);
    }
  }
}
