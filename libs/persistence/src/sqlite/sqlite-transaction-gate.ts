import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryRunner } from 'typeorm';

/**
 * One transaction at a time on the SQLite connection, and no stray statement inside it.
 *
 * TypeORM's better-sqlite3 driver runs everything on a single connection (one query runner for
 * the whole data source). Two transactions started concurrently therefore nest (the second
 * becomes a savepoint of the first), and a statement issued meanwhile by other code lands inside
 * whichever transaction is open: a rollback then silently takes writes that were never part of
 * it. The gate closes both holes: transactions take turns, and while one is open, statements from
 * outside its async context wait for it to end. Code inside the transaction (its callback and
 * everything it awaits) carries a token in AsyncLocalStorage and passes.
 */
export class SqliteTransactionGate {
  readonly #context = new AsyncLocalStorage<symbol>();
  #tail: Promise<void> = Promise.resolve();
  #holder: symbol | undefined;
  #released: Promise<void> = Promise.resolve();

  /** Runs `work` as the only transaction; nested calls from inside it run at once (savepoints). */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.#holder !== undefined && this.#context.getStore() === this.#holder) return work();
    const previous = this.#tail;
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    this.#tail = previous.then(() => done);
    await previous;
    const token = Symbol('sqlite-transaction');
    this.#holder = token;
    this.#released = done;
    try {
      return await this.#context.run(token, work);
    } finally {
      this.#holder = undefined;
      release();
    }
  }

  /** Resolves when a statement from the current async context may run on the connection. */
  async admit(): Promise<void> {
    while (this.#holder !== undefined && this.#context.getStore() !== this.#holder) await this.#released;
  }

  /** Makes `runner` wait at the gate before every statement. */
  guard(runner: QueryRunner): void {
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    (runner as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
      await this.admit();
      return query(...args);
    };
  }
}
