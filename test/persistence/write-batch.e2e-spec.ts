/**
 * WriteBatch on every dialect: the writes a transaction queues land when it flushes, as the ORM
 * stores them; on PostgreSQL in as few statements (round trips) as keep each write seeing the
 * ones before it that it touches, on SQLite one by one; a failed write fails the flush and, with
 * its transaction, leaves nothing.
 */
import { Logger } from '@nestjs/common';
import {
  EntityStatement,
  IncidentRecord,
  IncidentTimelineEntry,
  OutboxMessage,
  WriteBatch,
  insertEntities,
  openDataSource,
  type SwitchboardDataSource,
} from '@switchboard/persistence';
import type { EntityManager } from 'typeorm';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { incidentRow } from './support/incident-row';

Logger.overrideLogger(['error']);
const targets: DatabaseTarget[] = databaseTargetsFor('write batches');

const incident = incidentRow;

const outbox = (id: string): OutboxMessage =>
  Object.assign(new OutboxMessage(), {
    id,
    tenantId: 'tenant-a',
    subject: null,
    event: JSON.stringify({ id }),
    createdAt: new Date('2026-12-01T10:00:02.789Z'),
    nextAttemptAt: new Date('2026-12-01T10:00:07.789Z'),
    attempts: 0,
    lastError: null,
  });

const countAction = new EntityStatement(
  IncidentRecord,
  'UPDATE "incidents" SET "actions" = "actions" + 1 WHERE "id" = :id',
);
const line = new EntityStatement(
  IncidentTimelineEntry,
  `INSERT INTO "incident_timeline" ("incident_id", "seq", "at", "kind", "detail")
   VALUES (:incidentId, 1, :at, :kind, '{}')`,
);
/** A line numbered from the incident's occurrences: reads the incidents table as it writes. */
const lineFromIncident = new EntityStatement(
  IncidentTimelineEntry,
  `INSERT INTO "incident_timeline" ("incident_id", "seq", "at", "kind", "detail")
   SELECT "id", "occurrences", :at, :kind, '{}' FROM "incidents" WHERE "id" = :incidentId`,
);

describe.each(targets)('write batches on $dialect', (target) => {
  let dataSource: SwitchboardDataSource;
  const postgres = target.dialect === 'postgres';

  beforeEach(async () => {
    dataSource = await openDataSource(await target.fresh());
  });
  afterEach(() => dataSource.destroy());
  afterAll(() => target.cleanup());

  /** Runs `work` in a transaction with a batch it flushes; resolves with the statements sent. */
  const inTransaction = (work: (writes: WriteBatch, manager: EntityManager) => void) =>
    dataSource.transaction(async (manager) => {
      const sent: string[] = [];
      const query = manager.query.bind(manager);
      jest
        .spyOn(manager, 'query')
        .mockImplementation((text: string, parameters?: Parameters<EntityManager['query']>[1]) => {
          sent.push(text);
          return query(text, parameters);
        });
      const writes = new WriteBatch(manager);
      work(writes, manager);
      expect(sent).toEqual([]); // queued, not sent
      await writes.flush();
      expect(writes.size).toBe(0);
      return sent;
    });

  it('writes what was queued when it flushes, as the ORM stores it: on PostgreSQL in one statement', async () => {
    await insertEntities(dataSource.manager, IncidentRecord, [incident('old')]);
    const at = new Date('2026-12-01T10:30:00.001Z');
    const sent = await inTransaction((writes) =>
      writes
        .insert(IncidentRecord, [incident('i1'), incident('i2', { escalated: true, ticket: '{"id":"7"}' })])
        .insert(OutboxMessage, [outbox('o1')])
        .upsert(OutboxMessage, []) // nothing to write: not queued
        .execute(line, { incidentId: 'old', at, kind: 'alert.refired' }),
    );
    expect(sent).toHaveLength(postgres ? 1 : 3);
    if (postgres) expect(sent[0]).toMatch(/^WITH "w0" AS \(INSERT INTO "incidents"/);
    const incidents = await dataSource.getRepository(IncidentRecord).find({ order: { id: 'ASC' } });
    expect(incidents).toEqual([
      incident('i1'),
      incident('i2', { escalated: true, ticket: '{"id":"7"}' }),
      incident('old'),
    ]);
    expect(await dataSource.getRepository(OutboxMessage).find()).toEqual([outbox('o1')]);
    expect(await dataSource.getRepository(IncidentTimelineEntry).find()).toEqual([
      Object.assign(new IncidentTimelineEntry(), {
        incidentId: 'old',
        seq: 1,
        at,
        kind: 'alert.refired',
        detail: '{}',
      }),
    ]);
  });

  it('runs a write that touches a table written before it after that write, so it sees it', async () => {
    const at = new Date('2026-12-01T10:30:00.001Z');
    const sent = await inTransaction((writes) =>
      writes
        .insert(IncidentRecord, [incident('i1', { occurrences: 3 })])
        .insert(OutboxMessage, [outbox('o1')])
        // The same table: the row it updates is the one inserted above.
        .update(IncidentRecord, { id: 'i1' }, { status: 'resolved', resolvedAt: at })
        .execute(countAction, { id: 'i1' })
        // Reads incidents: numbered from the row as inserted.
        .execute(lineFromIncident, { incidentId: 'i1', at, kind: 'alert.resolved' }),
    );
    // PostgreSQL: [incident + outbox], [update], [count], [line]: each touches incidents.
    expect(sent).toHaveLength(postgres ? 4 : 5);
    const row = await dataSource.getRepository(IncidentRecord).findOneByOrFail({ id: 'i1' });
    expect(row).toMatchObject({ status: 'resolved', resolvedAt: at, actions: 1, occurrences: 3 });
    expect(await dataSource.getRepository(IncidentTimelineEntry).findBy({ incidentId: 'i1' })).toEqual([
      expect.objectContaining({ seq: 3, kind: 'alert.resolved' }),
    ]);
  });

  it("fails the flush with the database's error, and its transaction leaves nothing", async () => {
    await insertEntities(dataSource.manager, IncidentRecord, [incident('taken')]);
    await expect(
      inTransaction((writes) =>
        writes
          .insert(OutboxMessage, [outbox('o1')])
          .insert(IncidentRecord, [incident('new'), incident('taken')]),
      ),
    ).rejects.toThrow(/unique|duplicate/i);
    expect(await dataSource.getRepository(OutboxMessage).count()).toBe(0);
    expect((await dataSource.getRepository(IncidentRecord).find()).map((row) => row.id)).toEqual(['taken']);
  });

  it('sends nothing when nothing was queued', async () => {
    expect(await inTransaction(() => undefined)).toEqual([]);
  });
});
