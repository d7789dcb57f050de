import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryRunner } from 'typeorm';

/** Transactions one physical transaction may carry (each is a savepoint in it). */
const MAX_GROUP = 64;

interface Queued {
  readonly work: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * One transaction at a time on the SQLite connection, no stray statement inside it, and group
 * commit for the transactions that queue up meanwhile.
 *
 * TypeORM's better-sqlite3 driver runs everything on a single connection (one query runner for
 * the whole data source). Two transactions started concurrently therefore nest (the second
 * becomes a savepoint of the first), and a statement issued meanwhile by other code lands inside
 * whichever transaction is open: a rollback then silently takes writes that were never part of
 * it. The gate closes both holes: transactions take turns, and while one is open, statements from
 * outside its async context wait for it to end. Code inside the transaction (its callback and
 * everything it awaits) carries a token in AsyncLocalStorage and passes.
 *
 * Taking turns, transactions queue under load; each COMMIT is an fsync (about 0.1 ms here, the
 * largest single cost of a bus consumer's transaction). So the transactions waiting when the
 * connection frees up run together in one physical transaction, each in its own savepoint: one
 * that fails rolls back to its savepoint and rejects alone; the others resolve only once the
 * shared COMMIT succeeded, and all reject if it fails. Alone, a transaction runs as before.
 */
export class SqliteTransactionGate {
  readonly #context = new AsyncLocalStorage<symbol>();
  #tail: Promise<void> = Promise.resolve();
  #holder: symbol | undefined;
  #released: Promise<void> = Promise.resolve();
  #runner: QueryRunner | undefined;
  #queue: Queued[] = [];
  #draining = false;

  /**
   * Runs `work` (one TypeORM transaction) as the only transaction on the connection, grouped
   * with others that are waiting; nested calls from inside a transaction run at once (savepoints).
   */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.#inside()) return work();
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  /** Runs `work` as the only transaction; nested calls from inside it run at once (savepoints). */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.#inside()) return work();
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
    while (this.#holder !== undefined && !this.#inside()) await this.#released;
  }

  /** Makes `runner` wait at the gate before every statement; group commits run on it. */
  guard(runner: QueryRunner): void {
    this.#runner = runner;
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    (runner as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
      await this.admit();
      return query(...args);
    };
  }

  #inside(): boolean {
    return this.#holder !== undefined && this.#context.getStore() === this.#holder;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) {
        const group = this.#queue.splice(0, MAX_GROUP);
        await this.exclusive(() =>
          group.length === 1 ? this.#runAlone(group[0]!) : this.#runGrouped(group),
        );
      }
    } finally {
      this.#draining = false;
    }
  }

  async #runAlone({ work, resolve, reject }: Queued): Promise<void> {
    await work().then(resolve, reject);
  }

  async #runGrouped(group: Queued[]): Promise<void> {
    const runner = this.#runner!;
    try {
      await runner.startTransaction();
    } catch (error) {
      for (const queued of group) queued.reject(error);
      return;
    }
    const committed: { queued: Queued; value: unknown }[] = [];
    for (const queued of group) {
      try {
        // TypeORM sees the open transaction: this one's BEGIN/COMMIT become SAVEPOINT/RELEASE.
        committed.push({ queued, value: await queued.work() });
      } catch (error) {
        queued.reject(error); // its savepoint was rolled back; the others go on
      }
      if (runner.isTransactionActive && depthOf(runner) === 1) continue;
      // Its savepoint could not be closed: nothing in this transaction can be trusted.
      return this.#abandon(runner, committed, group.slice(group.indexOf(queued) + 1));
    }
    try {
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction().catch(() => undefined);
      for (const { queued } of committed) queued.reject(error);
      return;
    }
    for (const { queued, value } of committed) queued.resolve(value);
  }

  async #abandon(runner: QueryRunner, done: { queued: Queued }[], notRun: Queued[]): Promise<void> {
    const error = new Error('a grouped SQLite transaction could not be closed; the group was rolled back');
    while (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    for (const { queued } of done) queued.reject(error);
    // Not started: they get a transaction of their own.
    this.#queue.unshift(...notRun);
  }
}

function depthOf(runner: QueryRunner): number {
  return (runner as unknown as { transactionDepth: number }).transactionDepth;
}
