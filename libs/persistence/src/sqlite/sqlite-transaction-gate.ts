import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { takeFileTurn } from './sqlite-file-turns';

/** Transactions one physical transaction may carry (each is a savepoint in it). */
const MAX_GROUP = 64;
/** How long a statement waits for one open transaction before the gate says it may never run. */
export const STUCK_STATEMENT_WARNING_MS = 10_000;

/** The arguments of `EntityManager.transaction`: an optional isolation level, then the work. */
export type TransactionArgs = Parameters<EntityManager['transaction']>;

/** A transaction, or one write statement from outside any (`statement`), waiting for its turn. */
interface Queued {
  readonly args?: TransactionArgs;
  readonly statement?: unknown[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  /** Called when it starts: the statement's stuck-warning timer stops. */
  readonly started?: () => void;
}

type Query = (...args: unknown[]) => Promise<unknown>;

/**
 * One transaction at a time on the SQLite connection, no stray statement inside it, and group
 * commit for the transactions that queue up meanwhile.
 *
 * TypeORM's better-sqlite3 driver runs everything on a single connection (one query runner for
 * the whole data source). Two transactions started concurrently therefore nest (the second
 * becomes a savepoint of the first), and a statement issued meanwhile by other code lands inside
 * whichever transaction is open: a rollback then silently takes writes that were never part of
 * it. The gate closes both holes: transactions take turns, and while one is open, statements
 * that do not come through it wait for it to end.
 *
 * A transaction's work gets the gate's EntityManager, bound to a view of the shared query
 * runner whose statements pass the gate; everything else goes through the runner itself and
 * waits. The rule is TypeORM's own ("all database operations must be executed using the
 * provided entity manager"): a statement that uses the data source or an injected repository
 * instead waits for the transaction it was meant to be part of, for ever. Telling the two apart
 * by the view, not by the async context, keeps AsyncLocalStorage (and with it Node's promise
 * hooks, a cost on every promise of the process) off the hot path.
 *
 * Taking turns, transactions queue under load; each COMMIT is an fsync (the largest single cost
 * of a bus consumer's transaction). So the transactions waiting when the connection frees up run
 * together in one physical transaction, each in its own savepoint: one that fails rolls back to
 * its savepoint and rejects alone; the others resolve only once the shared COMMIT succeeded, and
 * all reject if it fails. Alone, a transaction runs as before. On an idle connection the first
 * group is taken at the end of the event loop's phase, so what one batch of input set off forms it.
 *
 * A write statement from outside any transaction (a connector's `ctx.state`, the outbox relay's
 * deletes) is its own transaction, so its own fsync. It joins the queue like a transaction and
 * commits with the group it lands in (alone, it runs as it always did): SQLite undoes a failed statement
 * without ending the transaction around it, so it needs no savepoint, and it resolves once the
 * shared COMMIT succeeded, as durable as it would have been alone. Reads only wait.
 */
export class SqliteTransactionGate {
  /** Set while a transaction holds the connection; resolves when it ends. */
  #open: Promise<void> | undefined;
  /** Statements from outside a transaction that passed the gate and have not finished. */
  #outside = 0;
  #outsideDone: (() => void) | undefined;
  #runner: QueryRunner | undefined;
  #query: Query | undefined;
  #queue: Queued[] = [];
  #draining = false;
  readonly #file: string;
  /** Built on first use: the runner is known only once {@link guard} ran. */
  #manager: EntityManager | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly stuckWarningMs = STUCK_STATEMENT_WARNING_MS,
    private readonly logger = new Logger('Database'),
  ) {
    const { database } = dataSource.options;
    this.#file = typeof database === 'string' ? database : ':memory:';
  }

  /**
   * Makes `runner` (the driver's one query runner) wait at the gate before every statement that
   * does not come from the open transaction.
   */
  guard(runner: QueryRunner): void {
    this.#runner = runner;
    // Looked up at each call, not bound once: a spy on the class's method sees the statements.
    const query: Query = (...args) =>
      (Object.getPrototypeOf(runner) as { query: Query }).query.apply(runner, args);
    this.#query = query;
    (runner as unknown as { query: Query }).query = async (...args) => {
      // A transaction begun on the runner itself, not through the gate (the migration runner
      // does), owns the connection: its statements go straight through.
      const adHoc = runner.isTransactionActive && !this.#open;
      if (!adHoc && isWrite(args[0])) return this.#queueWrite(args);
      if (this.#open) await this.#waitOutside(args[0]);
      this.#outside += 1;
      try {
        return await query(...args);
      } finally {
        if (--this.#outside === 0) this.#outsideDone?.();
      }
    };
  }

  /**
   * Waits until no transaction holds the connection. A statement that waits for one transaction
   * for long was most likely issued from inside it through the data source or a repository, not
   * through its manager: it can never run, and the transaction never ends. Say so, once.
   */
  async #waitOutside(sql: unknown): Promise<void> {
    let warned = false;
    while (this.#open) {
      const open = this.#open;
      const timer = warned ? undefined : this.#stuckTimer(sql, () => (warned = true));
      await open;
      clearTimeout(timer);
    }
  }

  #stuckTimer(sql: unknown, warned: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      warned();
      this.logger.warn(
        `A statement has waited ${this.stuckWarningMs / 1000} s for the open SQLite transaction to end: ` +
          `${String(sql).replace(/\s+/g, ' ').slice(0, 200)}. If it was issued from inside that ` +
          "transaction, it must go through the transaction's EntityManager: otherwise it never runs.",
      );
    }, this.stuckWarningMs);
    return timer.unref();
  }

  /** Queues a write from outside: it runs and commits with the next group (see the class). */
  #queueWrite(statement: unknown[]): Promise<unknown> {
    const timer = this.#stuckTimer(statement[0], () => undefined);
    return this.#enqueue({ statement, started: () => clearTimeout(timer) });
  }

  /** Runs one TypeORM transaction as the only one on the connection, grouped with others waiting. */
  transaction(args: TransactionArgs): Promise<unknown> {
    return this.#enqueue({ args });
  }

  #enqueue(work: Omit<Queued, 'resolve' | 'reject'>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ ...work, resolve, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      // The connection was idle: the first group waits for the end of the event loop's I/O phase, so
      // the work the same batch of sockets' input set off (other consumers' messages, a connector's
      // state write) commits with it instead of an fsync each.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.#queue.length > 0) {
        // Statements from outside that waited for the last transaction go first (their turn
        // is queued before this one), or a steady stream of transactions would starve them.
        await null;
        const endTurn = await takeFileTurn(this.#file);
        let close!: () => void;
        this.#open = new Promise<void>((resolve) => (close = resolve));
        // Those already running finish before BEGIN: none may land inside the transaction.
        while (this.#outside > 0) await new Promise<void>((resolve) => (this.#outsideDone = resolve));
        this.#outsideDone = undefined;
        const group = this.#queue.splice(0, MAX_GROUP);
        try {
          const manager = (this.#manager ??= this.#view());
          await (group.length === 1 ? this.#runAlone(manager, group[0]!) : this.#runGrouped(manager, group));
        } finally {
          this.#open = undefined;
          close();
          endTurn();
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  /**
   * An EntityManager on a view of the shared runner: its statements skip the gate; the state
   * TypeORM keeps on the runner (transaction depth, active flag) stays the runner's own. The same one
   * serves every transaction (its repositories cached): it keeps no state between them.
   */
  #view(): EntityManager {
    const runner = this.#runner!;
    const own: Record<PropertyKey, unknown> = { query: this.#query };
    const view = new Proxy(runner, {
      get: (target, property, receiver) =>
        property in own ? own[property] : (Reflect.get(target, property, receiver) as unknown),
      set: (target, property, value) => {
        // The EntityManager constructor assigns itself as the runner's manager: keep it here.
        if (property === 'manager') own[property] = value;
        else Reflect.set(target, property, value);
        return true;
      },
    });
    return this.dataSource.createEntityManager(view);
  }

  async #runAlone(manager: EntityManager, queued: Queued): Promise<void> {
    queued.started?.();
    const work = queued.statement
      ? this.#query!(...queued.statement)
      : (manager.transaction as (...a: TransactionArgs) => Promise<unknown>)(...queued.args!);
    await work.then(queued.resolve, queued.reject);
  }

  async #runGrouped(manager: EntityManager, group: Queued[]): Promise<void> {
    const runner = manager.queryRunner!;
    try {
      await runner.startTransaction();
    } catch (error) {
      for (const queued of group) queued.reject(error);
      return;
    }
    const committed: { queued: Queued; value: unknown }[] = [];
    for (const queued of group) {
      queued.started?.();
      try {
        // TypeORM sees the open transaction: this one's BEGIN/COMMIT become SAVEPOINT/RELEASE.
        const transaction = manager.transaction as (...a: TransactionArgs) => Promise<unknown>;
        const value = queued.statement
          ? await this.#query!(...queued.statement)
          : await transaction.apply(manager, queued.args!);
        committed.push({ queued, value });
      } catch (error) {
        queued.reject(error); // its savepoint (or SQLite, for a lone statement) undid it; the others go on
      }
      if (runner.isTransactionActive && depthOf(runner) === 1 && inTransaction(runner)) continue;
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
    // Straight to SQLite: TypeORM's rollback of a savepoint fails for good if SQLite already
    // ended the transaction, and its depth would never come down.
    if (inTransaction(runner)) await this.#query!('ROLLBACK').catch(() => undefined);
    Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
    for (const { queued } of done) queued.reject(error);
    // Not started: they get a transaction of their own.
    this.#queue.unshift(...notRun);
  }
}

/** A statement that changes rows: the ones worth an fsync of their own when run alone. */
function isWrite(sql: unknown): boolean {
  return typeof sql === 'string' && /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql);
}

/** What SQLite itself says: a failed statement can end the transaction (a full disk, for one). */
function inTransaction(runner: QueryRunner): boolean {
  const driver = runner.connection.driver as unknown as { databaseConnection: { inTransaction: boolean } };
  return driver.databaseConnection.inTransaction;
}

function depthOf(runner: QueryRunner): number {
  return (runner as unknown as { transactionDepth: number }).transactionDepth;
}
