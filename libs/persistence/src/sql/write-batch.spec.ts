import { combined } from './write-batch';

const write = (table: string, text: string, count: number) => ({
  table,
  text,
  parameters: Array.from({ length: count }, (_, i) => `${table}-${i + 1}`),
});

describe('WriteBatch statements on PostgreSQL (combined)', () => {
  it('puts writes of different tables in one statement, each one past the parameters before it', () => {
    const [statement, ...more] = combined([
      write('incidents', 'INSERT INTO "incidents" ("id", "title") VALUES ($1, $2)', 2),
      write('runs', 'UPDATE "runs" SET "status" = $1 WHERE "id" = $2', 2),
      write('outbox_messages', 'INSERT INTO "outbox_messages" ("id") VALUES ($1), ($2), ($3)', 3),
    ]);
    expect(more).toEqual([]);
    expect(statement!.text).toBe(
      'WITH "w0" AS (INSERT INTO "incidents" ("id", "title") VALUES ($1, $2)), ' +
        '"w1" AS (UPDATE "runs" SET "status" = $3 WHERE "id" = $4) ' +
        'INSERT INTO "outbox_messages" ("id") VALUES ($5), ($6), ($7)',
    );
    expect(statement!.parameters).toEqual([
      'incidents-1',
      'incidents-2',
      'runs-1',
      'runs-2',
      'outbox_messages-1',
      'outbox_messages-2',
      'outbox_messages-3',
    ]);
  });

  it('leaves a lone write as it is', () => {
    const lone = write('runs', 'UPDATE "runs" SET "status" = $1 WHERE "id" = $2', 2);
    expect(combined([lone])).toEqual([lone]);
    expect(combined([])).toEqual([]);
  });

  it('leaves $n inside quoted literals and identifiers alone', () => {
    const [statement] = combined([
      write('runs', 'UPDATE "runs" SET "status" = $1', 1),
      write('notes', `INSERT INTO "notes" ("a$1", "b") VALUES ('costs $1, it''s $2', $1)`, 1),
    ]);
    expect(statement!.text).toBe(
      `WITH "w0" AS (UPDATE "runs" SET "status" = $1) INSERT INTO "notes" ("a$1", "b") VALUES ('costs $1, it''s $2', $2)`,
    );
  });

  it('starts the next statement at a write that touches a table the statement writes, in either direction', () => {
    const insert = write('incidents', 'INSERT INTO "incidents" ("id") VALUES ($1)', 1);
    const update = write('incidents', 'UPDATE "incidents" SET "actions" = "actions" + 1 WHERE "id" = $1', 1);
    const readsIncidents = write(
      'incident_timeline',
      'INSERT INTO "incident_timeline" ("incident_id") SELECT "id" FROM "incidents" WHERE "id" = $1',
      1,
    );
    const other = write('runs', 'INSERT INTO "runs" ("id") VALUES ($1)', 1);
    // Same table: the update must see the insert.
    expect(combined([insert, other, update]).map((s) => s.table)).toEqual(['incidents,runs', 'incidents']);
    // A subquery on a table written before it: it must see that write.
    expect(combined([insert, readsIncidents]).map((s) => s.table)).toEqual([
      'incidents',
      'incident_timeline',
    ]);
    // The other way round: a write of a table an earlier write of the statement reads.
    expect(combined([readsIncidents, insert]).map((s) => s.table)).toEqual([
      'incident_timeline',
      'incidents',
    ]);
    // Column names that merely contain a table's name do not split.
    const column = write('audit', 'INSERT INTO "audit" ("incidents_count") VALUES ($1)', 1);
    expect(combined([insert, column])).toHaveLength(1);
  });

  it("starts the next statement before PostgreSQL's 65,535 parameters would be exceeded", () => {
    const big = (table: string) => write(table, `INSERT INTO "${table}" ("x") VALUES ($1)`, 30_000);
    const statements = combined([big('a'), big('b'), big('c'), big('d')]);
    expect(statements.map((s) => s.table)).toEqual(['a,b', 'c,d']);
    expect(statements.map((s) => s.parameters.length)).toEqual([60_000, 60_000]);
  });
});
