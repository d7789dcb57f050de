/**
 * Hand-written statements on the hot paths (EntityStatement, insertEntities, upsertEntities,
 * updateColumns) on every dialect: the same SQL text with :named parameters, values stored and
 * read back exactly as the ORM stores and reads them (dates to the millisecond, booleans, nulls),
 * and rows written counted.
 */
import { Logger } from '@nestjs/common';
import {
  EntityStatement,
  IncidentRecord,
  insertEntities,
  openDataSource,
  updateColumns,
  upsertEntities,
  type SwitchboardDataSource,
} from '@switchboard/persistence';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { incidentRow } from './support/incident-row';

Logger.overrideLogger(['error']);
const targets: DatabaseTarget[] = databaseTargetsFor('entity statements');

const incident = incidentRow;

const byTenant = new EntityStatement(
  IncidentRecord,
  'SELECT * FROM "incidents" WHERE "tenant_id" = :tenantId ORDER BY "id"',
);
const escalate = new EntityStatement(
  IncidentRecord,
  `UPDATE "incidents" SET "escalated" = :escalated, "resolved_at" = :resolvedAt, "actions" = "actions" + 1
   WHERE "tenant_id" = :tenantId AND "status" = :status`,
);

describe.each(targets)('entity statements on $dialect', (target) => {
  let dataSource: SwitchboardDataSource;

  beforeEach(async () => {
    dataSource = await openDataSource(await target.fresh());
  });
  afterEach(() => dataSource.destroy());
  afterAll(() => target.cleanup());

  it('insert whole rows in one statement, read back as the ORM reads them', async () => {
    const rows = [incident('i1'), incident('i2', { escalated: true, ticket: '{"id":"7"}' }), incident('i3')];
    await insertEntities(dataSource.manager, IncidentRecord, rows);
    const viaOrm = await dataSource.getRepository(IncidentRecord).find({ order: { id: 'ASC' } });
    const viaStatement = await byTenant.select(dataSource.manager, { tenantId: 'tenant-a' });
    expect(viaOrm).toEqual(rows);
    expect(viaStatement).toEqual(rows);
    expect(viaStatement[0]).toBeInstanceOf(IncidentRecord);
    expect(await byTenant.select(dataSource.manager, { tenantId: 'tenant-b' })).toEqual([]);
    expect(await byTenant.exists(dataSource.manager, { tenantId: 'tenant-a' })).toBe(true);
    expect(await byTenant.exists(dataSource.manager, { tenantId: 'tenant-b' })).toBe(false);
  });

  it('fill converted parameters (dates, booleans, nulls), count the rows written, and run inside a transaction', async () => {
    await insertEntities(dataSource.manager, IncidentRecord, [
      incident('i1'),
      incident('i2', { status: 'resolved' }),
      incident('i3'),
    ]);
    const resolvedAt = new Date('2026-12-01T11:22:33.444Z');
    const written = await dataSource.transaction((manager) =>
      escalate.execute(manager, { escalated: true, resolvedAt, tenantId: 'tenant-a', status: 'open' }),
    );
    expect(written).toBe(2);
    const rows = await dataSource.getRepository(IncidentRecord).find({ order: { id: 'ASC' } });
    expect(rows.map((row) => [row.id, row.escalated, row.resolvedAt, row.actions])).toEqual([
      ['i1', true, resolvedAt, 1],
      ['i2', false, null, 0],
      ['i3', true, resolvedAt, 1],
    ]);
    await expect(
      dataSource.transaction(async (manager) => {
        await escalate.execute(manager, {
          escalated: false,
          resolvedAt: null,
          tenantId: 'tenant-a',
          status: 'open',
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await dataSource.getRepository(IncidentRecord).findOneByOrFail({ id: 'i1' })).escalated).toBe(
      true,
    );
  });

  it("store a parameter with a row number (:resolvedAt_1) as its property's column stores it", async () => {
    await insertEntities(dataSource.manager, IncidentRecord, [incident('i1'), incident('i2')]);
    // As a multi-row insert names them; an UPDATE keeps the check short.
    const resolveOne = (row: number) =>
      new EntityStatement(
        IncidentRecord,
        `UPDATE "incidents" SET "resolved_at" = :resolvedAt_${row}, "escalated" = :escalated_${row}
         WHERE "id" = :id_${row}`,
      );
    const [first, second] = [new Date('2026-12-01T11:00:00.001Z'), new Date('2026-12-01T12:00:00.002Z')];
    await resolveOne(0).execute(dataSource.manager, { id_0: 'i1', resolvedAt_0: first, escalated_0: true });
    await resolveOne(1).execute(dataSource.manager, { id_1: 'i2', resolvedAt_1: second, escalated_1: true });
    const rows = await byTenant.select(dataSource.manager, { tenantId: 'tenant-a' });
    expect(rows.map((row) => [row.resolvedAt, row.escalated])).toEqual([
      [first, true],
      [second, true],
    ]);
  });

  it('upsert whole rows: an existing key gets every other column replaced, a new one is inserted', async () => {
    await insertEntities(dataSource.manager, IncidentRecord, [incident('i1'), incident('i2')]);
    const changed = incident('i1', {
      status: 'resolved',
      occurrences: 4,
      escalated: true,
      ticket: '{"id":"9"}',
      resolvedAt: new Date('2026-12-01T13:00:00.789Z'),
    });
    await upsertEntities(dataSource.manager, IncidentRecord, [changed, incident('i3')]);
    const rows = await byTenant.select(dataSource.manager, { tenantId: 'tenant-a' });
    expect(rows).toEqual([changed, incident('i2'), incident('i3')]);
  });

  it('update the given columns of the rows that match, counting them, values stored as the ORM does', async () => {
    await insertEntities(dataSource.manager, IncidentRecord, [
      incident('i1'),
      incident('i2'),
      incident('i3'),
    ]);
    const resolvedAt = new Date('2026-12-01T14:00:00.001Z');
    const changes = { status: 'resolved', escalated: true, resolvedAt, ticket: null } as const;
    expect(
      await updateColumns(dataSource.manager, IncidentRecord, { tenantId: 'tenant-a', id: 'i2' }, changes),
    ).toBe(1);
    expect(
      await updateColumns(dataSource.manager, IncidentRecord, { tenantId: 'tenant-a' }, { occurrences: 7 }),
    ).toBe(3);
    expect(
      await updateColumns(dataSource.manager, IncidentRecord, { id: 'nobody' }, { occurrences: 1 }),
    ).toBe(0);
    const rows = await byTenant.select(dataSource.manager, { tenantId: 'tenant-a' });
    expect(rows).toEqual([
      incident('i1', { occurrences: 7 }),
      incident('i2', { ...changes, occurrences: 7 }),
      incident('i3', { occurrences: 7 }),
    ]);
    // Inside a transaction, with it.
    await expect(
      dataSource.transaction(async (manager) => {
        await updateColumns(manager, IncidentRecord, { id: 'i1' }, { occurrences: 100 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await byTenant.select(dataSource.manager, { tenantId: 'tenant-a' }))[0]!.occurrences).toBe(7);
  });

  it('refuse an update on a property the entity does not have, or a condition on nothing', async () => {
    await expect(
      updateColumns(dataSource.manager, IncidentRecord, { id: 'i1' }, { colour: 'red' } as never),
    ).rejects.toThrow('IncidentRecord has no property colour');
    await expect(
      updateColumns(dataSource.manager, IncidentRecord, { resolvedAt: null }, { occurrences: 1 }),
    ).rejects.toThrow('updateColumns: where.resolvedAt is null');
  });

  it('refuses a call that leaves a parameter out, naming it', async () => {
    await expect(byTenant.select(dataSource.manager, {})).rejects.toThrow('no value for :tenantId');
  });
});
