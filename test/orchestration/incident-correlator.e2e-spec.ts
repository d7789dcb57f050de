/**
 * Alert → incident correlation on every dialect: one incident per alert (dedupKey) and episode,
 * occurrences counted on re-fire, a resolve closing it, and a new episode knowing the ticket of
 * the alert's latest earlier episode (what the template's "reopen after resolve" acts on); and
 * the timeline lines a transaction adds, written together and numbered in order.
 */
import { Logger } from '@nestjs/common';
import { createEvent, EventType, type AlertData, type CloudEvent } from '@switchboard/events';
import { IncidentCorrelator, TimelineBatch } from '@switchboard/orchestration';
import {
  IncidentRecord,
  IncidentTimelineEntry,
  openDataSource,
  WriteBatch,
  type SwitchboardDataSource,
} from '@switchboard/persistence';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';

Logger.overrideLogger(['error']);
const targets: DatabaseTarget[] = databaseTargetsFor('incident correlation');

function alert(
  episode: string,
  startsAt: string,
  type: string = EventType.AlertTriggered,
): CloudEvent<AlertData> {
  return createEvent<AlertData>({
    type,
    source: '/connectors/alertmanager/am1',
    subject: 'fp-disk',
    tenantid: 'tenant-a',
    data: {
      dedupKey: 'fp-disk',
      episodeId: episode,
      status: type === EventType.AlertResolved ? 'resolved' : 'triggered',
      severity: 'critical',
      title: 'Disk full on db-1',
      source: 'alertmanager',
      labels: { alertname: 'DiskFull' },
      annotations: {},
      startsAt,
      ...(type === EventType.AlertResolved ? { endsAt: '2026-12-01T12:00:00Z' } : {}),
    } as AlertData,
  });
}

describe.each(targets)('incident correlation on $dialect', (target) => {
  let dataSource: SwitchboardDataSource;
  const correlator = new IncidentCorrelator();
  const observe = (event: CloudEvent<AlertData>) =>
    dataSource.transaction(async (manager) => {
      // As the run engine does: the incident and its timeline line go out in one flush (one
      // statement on PostgreSQL, the line's numbering subquery and all).
      const writes = new WriteBatch(manager);
      const timeline = new TimelineBatch();
      const view = await correlator.observe(manager, writes, event, timeline);
      timeline.write(writes);
      await writes.flush();
      return view;
    });
  const timelineOf = async (incidentId: string) =>
    (
      await dataSource
        .getRepository(IncidentTimelineEntry)
        .find({ where: { incidentId }, order: { seq: 'ASC' } })
    ).map(({ seq, kind, detail, at }) => ({ seq, kind, detail: JSON.parse(detail) as unknown, at }));
  const linkTicket = (id: string, key: string) =>
    dataSource
      .getRepository(IncidentRecord)
      .update({ id }, { ticket: JSON.stringify({ system: 'redmine', id: key }) });

  beforeEach(async () => {
    dataSource = await openDataSource(await target.fresh());
  });
  afterEach(() => dataSource.destroy());
  afterAll(() => target.cleanup());

  it('keeps one incident per episode, and hands a new episode the latest earlier ticket', async () => {
    const first = await observe(alert('ep-1', '2026-12-01T10:00:00Z'));
    expect(first).toMatchObject({ isNew: true, occurrences: 1, status: 'open', episodeId: 'ep-1' });
    expect(first).not.toHaveProperty('previousTicket');
    await linkTicket(first.id, '101');

    const refire = await observe(alert('ep-1', '2026-12-01T10:00:00Z'));
    expect(refire).toMatchObject({ id: first.id, isNew: false, occurrences: 2, ticket: { id: '101' } });
    const resolved = await observe(alert('ep-1', '2026-12-01T10:00:00Z', EventType.AlertResolved));
    expect(resolved).toMatchObject({ id: first.id, isNew: false, status: 'resolved' });

    const second = await observe(alert('ep-2', '2026-12-01T13:00:00Z'));
    expect(second).toMatchObject({ isNew: true, occurrences: 1, previousTicket: { id: '101' } });
    expect(second.id).not.toBe(first.id);
    await linkTicket(second.id, '102');

    // The latest earlier episode wins, not the first one.
    const third = await observe(alert('ep-3', '2026-12-01T15:00:00Z'));
    expect(third).toMatchObject({ isNew: true, previousTicket: { id: '102' } });
    // A late event of an old episode still lands on that episode's incident.
    const late = await observe(alert('ep-1', '2026-12-01T10:00:00Z'));
    expect(late).toMatchObject({ id: first.id, isNew: false, status: 'open', occurrences: 3 });
    expect(await dataSource.getRepository(IncidentRecord).count()).toBe(3);
  });

  it("writes the timeline lines of a transaction together, numbered on from each incident's last line", async () => {
    const first = await observe(alert('ep-1', '2026-12-01T10:00:00Z'));
    const other = await observe(alert('ep-2', '2026-12-01T13:00:00Z'));
    const at = new Date('2026-12-01T10:05:00.123Z');
    await dataSource.transaction(async (manager) => {
      const timeline = new TimelineBatch();
      timeline.add(first.id, 'run.started', { runId: 'r1' }, at);
      timeline.add(other.id, 'run.started', { runId: 'r2' }, at);
      timeline.add(first.id, 'ticket.linked', { ticket: { id: '7' } }, at);
      timeline.add(first.id, 'run.succeeded', { runId: 'r1' }, at);
      const writes = new WriteBatch(manager);
      timeline.write(writes);
      timeline.write(writes); // queued once: the batch is empty again
      expect(writes.size).toBe(2); // one statement per incident
      await writes.flush();
    });
    expect(await timelineOf(first.id)).toEqual([
      {
        seq: 1,
        kind: 'alert.triggered',
        detail: expect.objectContaining({ severity: 'critical' }),
        at: expect.any(Date),
      },
      { seq: 2, kind: 'run.started', detail: { runId: 'r1' }, at },
      { seq: 3, kind: 'ticket.linked', detail: { ticket: { id: '7' } }, at },
      { seq: 4, kind: 'run.succeeded', detail: { runId: 'r1' }, at },
    ]);
    expect((await timelineOf(other.id)).map(({ seq, kind }) => [seq, kind])).toEqual([
      [1, 'alert.triggered'],
      [2, 'run.started'],
    ]);
  });

  it('leaves no line of a transaction that rolls back', async () => {
    const first = await observe(alert('ep-1', '2026-12-01T10:00:00Z'));
    await expect(
      dataSource.transaction(async (manager) => {
        const timeline = new TimelineBatch();
        timeline.add(first.id, 'run.started', { runId: 'r1' });
        const writes = new WriteBatch(manager);
        timeline.write(writes);
        await writes.flush();
        throw new Error('the run failed to store');
      }),
    ).rejects.toThrow('the run failed to store');
    expect((await timelineOf(first.id)).map(({ kind }) => kind)).toEqual(['alert.triggered']);
  });
});
