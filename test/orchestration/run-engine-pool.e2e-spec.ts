/**
 * The run engine under a burst on PostgreSQL, where every transaction holds one of the pool's
 * connections: more triggers at once than the pool has connections, on a cold cache, must all
 * complete. A lookup that left its transaction for a second pooled connection (the flow store's
 * instance and version reads did) starves the pool: every connection held by a transaction
 * waiting for another one, until the driver's connect timeout fails them all.
 */
import { createEvent, EventType } from '@switchboard/events';
import { RunEngine, type FlowDefinition } from '@switchboard/orchestration';
import { POSTGRES_POOL_SIZE, RunRecord } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { databaseTargetsFor } from '../support/database-targets';
import { usePostgresHub } from './support/postgres-hub';
import { storeFlow } from './support/stored-flow';

const postgres = databaseTargetsFor('run engine pool').find((target) => target.dialect === 'postgres');

(postgres ? describe : describe.skip)('run engine under a burst (PostgreSQL)', () => {
  const hub = usePostgresHub(postgres!, 'run-engine-pool');

  it('completes more concurrent triggers than the pool has connections, from a cold cache', async () => {
    const flow: FlowDefinition = {
      name: 'burst',
      trigger: { events: [EventType.AlertTriggered] },
      policy: { autoApprove: ['ticket.create'] },
      steps: [
        { id: 'route', kind: 'decide', rules: [], default: { outcome: 'open', because: 'every alert' } },
        // No such instance: the run fails at this step, after looking the instance up.
        { id: 'open', kind: 'act', instance: 'not-configured', action: 'ticket.create', input: {} },
      ],
    };
    const dataSource = hub().app.get(DataSource);
    const flowId = await storeFlow(hub(), flow);
    const burst = POSTGRES_POOL_SIZE * 4;
    const alerts = Array.from({ length: burst }, (_, i) =>
      createEvent({
        type: EventType.AlertTriggered,
        source: '/connectors/alertmanager/am1',
        subject: `burst-${i}`,
        tenantid: 'default',
        data: {
          dedupKey: `burst-${i}`,
          episodeId: `burst-${i}@1`,
          status: 'triggered',
          severity: 'high',
          title: `Burst ${i}`,
        },
      }),
    );
    const engine = hub().app.get(RunEngine);
    const outcomes = await Promise.allSettled(alerts.map((alert) => engine.onEvent(alert)));
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String(o.reason))).toEqual([]);
    const runs = await dataSource.getRepository(RunRecord).findBy({ flowId });
    expect(runs).toHaveLength(burst);
    expect(
      runs.every((run) => run.status === 'failed' && /no connector instance/.test(run.error ?? '')),
    ).toBe(true);
  }, 120_000);
});
