/**
 * Small durable key/value state per connector instance, kept by the runtime (in the database) so
 * a connector can remember what must survive a restart: the intent records of idempotent creates,
 * the current episode of an alert. Values are JSON. Not for bulk data.
 */
export interface ConnectorStateStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Sets `key` to `value` only if its current value deep-equals `expected` (`undefined`: absent).
   * Resolves true when it did. For read-modify-write without lost updates between replicas.
   */
  compareAndSet(key: string, expected: unknown, value: unknown): Promise<boolean>;
}

/** An in-memory store for tests and the conformance testkit. Values are copied in and out. */
export class MemoryStateStore implements ConnectorStateStore {
  readonly #values = new Map<string, string>();

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const value = this.#values.get(key);
    return value === undefined ? undefined : (JSON.parse(value) as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    this.#values.set(key, JSON.stringify(value));
  }

  async delete(key: string): Promise<void> {
    this.#values.delete(key);
  }

  async compareAndSet(key: string, expected: unknown, value: unknown): Promise<boolean> {
    const current = this.#values.get(key);
    const matches = expected === undefined ? current === undefined : current === JSON.stringify(expected);
    if (!matches) return false;
    this.#values.set(key, JSON.stringify(value));
    return true;
  }

  /** Every key, for assertions. */
  keys(): string[] {
    return [...this.#values.keys()];
  }
}
