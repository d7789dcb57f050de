/**
 * Runs of one incident take turns (a serial key) across PostgreSQL connections, where two
 * transactions of the engine really run at once: a run queued behind one that is ending must not
 * be left in the queue because neither saw the other commit.
 */
import { createEvent, EventType } from '@switchboard/events';
import { RunEngine, type FlowDefinition } from '@switchboard/orchestration';
import { ApprovalRecord, RunRecord } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { databaseTargetsFor } from '../support/database-targets';
import { usePostgresHub } from './support/postgres-hub';
import { storeFlow } from './support/stored-flow';

const postgres = databaseTargetsFor('run engine serial keys').find((target) => target.dialect === 'postgres');

(postgres ? describe : describe.skip)('runs of one incident across connections (PostgreSQL)', () => {
  const hub = usePostgresHub(postgres!, 'run-engine-serial');

  const alert = (dedupKey: string) =>
    createEvent({
      type: EventType.AlertTriggered,
      source: '/connectors/alertmanager/am1',
      subject: dedupKey,
      tenantid: 'default',
      data: {
        dedupKey,
        episodeId: `${dedupKey}@1`,
        status: 'triggered',
        severity: 'high',
        title: 'Disk full',
      },
    });

  // A human gate: a run waits there until the test approves it.
  const flow: FlowDefinition = {
    name: 'gated',
    trigger: { events: [EventType.AlertTriggered] },
    policy: { autoApprove: [] },
    steps: [{ id: 'gate', kind: 'approve', summary: 'go on?' }],
  };
  const db = () => hub().app.get(DataSource);
  const engine = () => hub().app.get(RunEngine);
  const statusOf = async (id: string | undefined) =>
    (await db().getRepository(RunRecord).findOneByOrFail({ id })).status;

  beforeAll(async () => {
    await storeFlow(hub(), flow);
  });

  /**
   * Holds the next trigger transaction open right after it looked for an active run of its key
   * (and decided whether its run waits), until `release`.
   */
  function holdAfterActiveCheck() {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const checked = new Promise<void>((resolve) => (reached = resolve));
    let holding = true;
    const query = PostgresQueryRunner.prototype.query;
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(async function (
      this: PostgresQueryRunner,
      ...args: Parameters<typeof query>
    ) {
      const result: unknown = await query.apply(this, args);
      if (holding && /^SELECT 1 FROM "runs" WHERE "serial_key"/.test(args[0])) {
        holding = false;
        reached();
        await held;
      }
      return result;
    });
    return {
      checked,
      release: () => {
        spy.mockRestore();
        release();
      },
    };
  }
  /** Waits for `work` or one second, whichever is first: long enough for it to finish unless it waits. */
  const settleOrWait = (work: Promise<unknown>) =>
    Promise.race([work, new Promise((resolve) => setTimeout(resolve, 1_000))]);

  it('starts a run queued while the run before it was ending, once that one committed', async () => {
    const [first] = await engine().onEvent(alert('disk-1'));
    const approval = await db().getRepository(ApprovalRecord).findOneByOrFail({ runId: first });

    // The re-fire's transaction found the first run still active, so it queues its run; it stays
    // open while the first run is approved and ends.
    const hold = holdAfterActiveCheck();
    try {
      const refire = engine().onEvent(alert('disk-1'));
      await hold.checked;
      const approved = engine().decide(approval.id, 'approved', 'key-of-an-approver');
      // Without turns the approval ran to its end meanwhile: the first run ended and found no
      // queued run to start, since the re-fire's had not committed. Now it waits for the re-fire.
      await settleOrWait(approved);
      hold.release();
      const [second] = await refire;
      await approved;
      expect(await statusOf(first)).toBe('succeeded');
      // Started once the first ended: now at its own gate, not left in the queue.
      expect(await statusOf(second)).toBe('waiting');
    } finally {
      hold.release();
    }
  }, 60_000);

  it('queues the second of two triggers of one incident handled at once (as two replicas may)', async () => {
    // An incident whose run ended: the next triggers find no active run of its key.
    const [ended] = await engine().onEvent(alert('disk-2'));
    const approval = await db().getRepository(ApprovalRecord).findOneByOrFail({ runId: ended });
    await engine().decide(approval.id, 'approved', 'key-of-an-approver');
    expect(await statusOf(ended)).toBe('succeeded');

    const hold = holdAfterActiveCheck();
    try {
      const one = engine().onEvent(alert('disk-2'));
      await hold.checked;
      // The same alert again, on another connection, while the first trigger has not committed.
      const other = engine().onEvent(alert('disk-2'));
      await settleOrWait(other);
      hold.release();
      const [[first], [second]] = await Promise.all([one, other]);
      // Without turns both found no active run, and both ran.
      expect([await statusOf(first), await statusOf(second)]).toEqual(['waiting', 'queued']);
    } finally {
      hold.release();
    }
  }, 60_000);
});
