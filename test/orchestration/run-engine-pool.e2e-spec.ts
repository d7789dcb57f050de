/**
 * The run engine under a burst on PostgreSQL, where every transaction holds one of the pool's
 * connections: more triggers at once than the pool has connections, on a cold cache, must all
 * complete. A lookup that left its transaction for a second pooled connection (the flow store's
 * instance and version reads did) starves the pool: every connection held by a transaction
 * waiting for another one, until the driver's connect timeout fails them all.
 */
import { randomUUID } from 'node:crypto';
import { createEvent, EventType } from '@switchboard/events';
import { FlowStore, RunEngine, type FlowDefinition } from '@switchboard/orchestration';
import { FlowHead, FlowVersion, POSTGRES_POOL_SIZE, RunRecord } from '@switchboard/persistence';
import { bootstrapHttpApp, type RunningHttpApp } from '@switchboard/platform';
import { DataSource } from 'typeorm';
import { HubModule } from '../../apps/hub/src/hub.module';
import { hubEnv, tempDataDir } from '../platform/platform-test-env';
import { databaseTargetsFor } from '../support/database-targets';

const postgres = databaseTargetsFor('run engine pool').find((target) => target.dialect === 'postgres');

(postgres ? describe : describe.skip)('run engine under a burst (PostgreSQL)', () => {
  const data = tempDataDir('run-engine-pool');
  let hub: RunningHttpApp;

  beforeAll(async () => {
    const database = await postgres!.fresh();
    hub = await bootstrapHttpApp(HubModule, {
      name: 'hub',
      env: hubEnv(data.dir, { SWITCHBOARD_BUS: 'memory', DATABASE_URL: database.databaseUrl! }),
    });
  });
  afterAll(async () => {
    await hub?.close();
    await postgres?.cleanup();
    data.remove();
  });

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
    const dataSource = hub.app.get(DataSource);
    const flowId = randomUUID();
    const now = new Date();
    await dataSource.getRepository(FlowHead).insert({
      id: flowId,
      tenantId: 'default',
      name: flow.name,
      enabled: true,
      currentVersion: 1,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await dataSource.getRepository(FlowVersion).insert({
      flowId,
      version: 1,
      tenantId: 'default',
      definition: JSON.stringify(flow),
      createdAt: now,
      createdBy: 'test',
    });
    hub.app.get(FlowStore).invalidate();
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
    const engine = hub.app.get(RunEngine);
    const outcomes = await Promise.allSettled(alerts.map((alert) => engine.onEvent(alert)));
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String(o.reason))).toEqual([]);
    const runs = await dataSource.getRepository(RunRecord).findBy({ flowId });
    expect(runs).toHaveLength(burst);
    expect(
      runs.every((run) => run.status === 'failed' && /no connector instance/.test(run.error ?? '')),
    ).toBe(true);
  }, 120_000);
});
