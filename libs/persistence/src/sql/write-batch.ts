import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { PreparedWrite } from './driver-sql';
import type { EntityStatement } from './entity-statement';
import { prepareRows, prepareUpdate } from './entity-writes';

/** PostgreSQL's limit on the parameters of one statement (the protocol counts them in 16 bits). */
const MAX_PARAMETERS = 65_535;

/**
 * The writes of one transaction whose results nothing in it reads, sent together when it is
 * about to commit.
 *
 * On PostgreSQL each statement is a round trip, and the round trips (waking the server, not the
 * bytes) were a quarter of the hub's CPU profile in a pipeline flood. So `flush` sends the queued
 * writes as one statement: all but the last as data-modifying `WITH` clauses, which PostgreSQL runs
 * to completion whether or not anything reads them, all in one snapshot. Because they share a
 * snapshot, no write may depend on another's effect (an update of a row inserted in the same
 * statement would not see it): a write that names a table another write of the statement being
 * built writes, or writes a table that one names (in a subquery, say), starts the next statement.
 * So writes that touch the same table still run in the order they were queued. On SQLite (no round
 * trips) they run one by one, in order.
 *
 * The caller's part: whatever the transaction reads after queueing a write to a table, it reads
 * only after {@link flush} (a queued write is not in the database yet), and it flushes before the
 * transaction commits. Rows written are not counted: a write whose count decides something runs on
 * its own.
 */
export class WriteBatch {
  #queued: PreparedWrite[] = [];

  /** `manager`: the transaction's. */
  constructor(readonly manager: EntityManager) {}

  /** Writes queued and not yet flushed. */
  get size(): number {
    return this.#queued.length;
  }

  /** Queues `insertEntities(entity, rows)`. */
  insert<Entity extends ObjectLiteral>(entity: EntityTarget<Entity>, rows: readonly Entity[]): this {
    return this.#queue(prepareRows(this.manager, entity, rows, false));
  }

  /** Queues `upsertEntities(entity, rows)`. */
  upsert<Entity extends ObjectLiteral>(entity: EntityTarget<Entity>, rows: readonly Entity[]): this {
    return this.#queue(prepareRows(this.manager, entity, rows, true));
  }

  /** Queues `updateColumns(entity, where, changes)` (its count is not reported). */
  update<Entity extends ObjectLiteral>(
    entity: EntityTarget<Entity>,
    where: Partial<Entity>,
    changes: Partial<Entity>,
  ): this {
    return this.#queue(prepareUpdate(this.manager, entity, where, changes));
  }

  /** Queues a hand-written write statement. */
  execute<Entity extends ObjectLiteral>(
    statement: EntityStatement<Entity>,
    parameters: Record<string, unknown>,
  ): this {
    return this.#queue(statement.prepare(this.manager, parameters));
  }

  /** Runs the queued writes, in as few statements as the rules above allow, in the caller's transaction. */
  async flush(): Promise<void> {
    const writes = this.#queued;
    this.#queued = [];
    const statements = this.manager.connection.options.type === 'postgres' ? combined(writes) : writes;
    for (const statement of statements) await this.manager.query(statement.text, statement.parameters);
  }

  #queue(write: PreparedWrite | undefined): this {
    if (write) this.#queued.push(write);
    return this;
  }
}

/**
 * The writes as PostgreSQL statements: consecutive writes share one until one touches what
 * another of them writes, or the parameters would overflow.
 */
export function combined(writes: readonly PreparedWrite[]): PreparedWrite[] {
  const statements: PreparedWrite[] = [];
  let group: PreparedWrite[] = [];
  let parameters = 0;
  const close = () => {
    if (group.length > 0) statements.push(group.length === 1 ? group[0]! : withClauses(group));
    group = [];
    parameters = 0;
  };
  for (const write of writes) {
    const clash = group.some((queued) => touches(queued, write) || touches(write, queued));
    if (clash || parameters + write.parameters.length > MAX_PARAMETERS) close();
    group.push(write);
    parameters += write.parameters.length;
  }
  close();
  return statements;
}

/** Whether `write` names the table `other` writes (our statements quote every table name). */
function touches(write: PreparedWrite, other: PreparedWrite): boolean {
  return write.text.includes(`"${other.table}"`);
}

/** `WITH "w0" AS (<first>), … <last>`, each write's `$n` moved past the parameters before it. */
function withClauses(group: readonly PreparedWrite[]): PreparedWrite {
  let offset = 0;
  const texts = group.map((write) => {
    const text = renumbered(write.text, offset);
    offset += write.parameters.length;
    return text;
  });
  const last = texts.pop()!;
  return {
    table: group.map((write) => write.table).join(','),
    text: `WITH ${texts.map((text, i) => `"w${i}" AS (${text})`).join(', ')} ${last}`,
    parameters: group.flatMap((write) => write.parameters),
  };
}

/** Placeholders outside quoted strings and identifiers, or a literal that holds `$1`, would change. */
const PLACEHOLDER_OR_QUOTED = /'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g;

/**
 * Renumbered texts by offset and text: the texts are the few that the statement caches hold, and
 * each comes at the few offsets its place in a transaction's batch gives it (cleared if that ever
 * stops being true, so it cannot grow without bound).
 */
const renumberings = new Map<string, string>();
const MAX_RENUMBERED = 1_000;

function renumbered(text: string, offset: number): string {
  if (offset === 0) return text;
  const key = `${offset} ${text}`;
  let result = renumberings.get(key);
  if (result === undefined) {
    result = text.replace(PLACEHOLDER_OR_QUOTED, (match, n: string | undefined) =>
      n === undefined ? match : `$${Number(n) + offset}`,
    );
    if (renumberings.size >= MAX_RENUMBERED) renumberings.clear();
    renumberings.set(key, result);
  }
  return result;
}
