/**
 * The run engine inside the hub, with real JetStream and a real database: an alert event starts a
 * run of every matching flow, decide steps record why, act steps send commands the connector
 * runtime runs against a fake vendor, results move the run on, approvals gate what the policy does
 * not allow, and a failed run says why. Flows are written to the database directly here (the
 * admin API for flows has its own suite).
 */
import { AuditLog } from '@switchboard/audit';
import { generateApiKey } from '@switchboard/auth';
import { JetStreamBus, type EventBus } from '@switchboard/bus';
import { connectorTypes } from '@switchboard/connector-registry';
import { createEvent, EventType, type CloudEvent } from '@switchboard/events';
import type { FlowDefinition } from '@switchboard/orchestration';
import { RunEngine } from '@switchboard/orchestration';
import { ApprovalRecord, IncidentRecord, RunRecord, RunStepRecord } from '@switchboard/persistence';
import { bootstrapHttpApp, type RunningHttpApp } from '@switchboard/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { HubModule } from '../../apps/hub/src/hub.module';
import { hubEnv, tempDataDir } from '../platform/platform-test-env';
import { waitFor } from '../support/bus-fixtures';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';
import { FakeTracker } from '../runtime/support/fake-tracker.server';
import { trackerConnector } from '../runtime/support/tracker.connector';
import { storeFlow } from './support/stored-flow';

connectorTypes.register(trackerConnector);

describe('run engine in the hub', () => {
  const data = tempDataDir('orchestration');
  const admin = generateApiKey().key;
  let nats: NatsTestServer;
  let hub: RunningHttpApp;
  let vendor: FakeTracker;
  let publisher: EventBus;
  let instanceId: string;
  const seen: CloudEvent[] = [];
  const http = () => request(hub.app.getHttpServer());
  const db = () => hub.app.get(DataSource);

  const saveFlow = (definition: FlowDefinition, tenantId = 'default') => storeFlow(hub, definition, tenantId);
  const alert = (dedupKey: string, severity = 'critical', type: string = EventType.AlertTriggered) =>
    createEvent({
      type,
      source: '/connectors/alertmanager/am1',
      subject: dedupKey,
      tenantid: 'default',
      partitionkey: dedupKey,
      data: {
        dedupKey,
        episodeId: `${dedupKey}@1`,
        status: type === EventType.AlertResolved ? 'resolved' : 'triggered',
        severity,
        title: `Disk full on ${dedupKey}`,
      },
    });
  const runsOf = (flowId: string) => db().getRepository(RunRecord).findBy({ flowId });
  const stepsOf = async (runId: string) =>
    (
      await db()
        .getRepository(RunStepRecord)
        .find({ where: { runId }, order: { seq: 'ASC' } })
    ).map((s) => ({
      id: s.stepId,
      status: s.status,
      explanation: s.explanation && JSON.parse(s.explanation),
      output: s.output && JSON.parse(s.output),
      error: s.error && JSON.parse(s.error),
    }));
  const finished = (flowId: string, count = 1) =>
    waitFor(
      async () =>
        (await runsOf(flowId)).filter((r) => r.status === 'succeeded' || r.status === 'failed').length >=
        count,
      20_000,
    );

  // Each flow answers one alert only: runs of an incident take turns, so another test's flow
  // waiting on an approval for the same alert would hold the others back.
  const noteFlow = (
    name: string,
    dedupKey: string,
    autoApprove: string[] = ['note.create'],
  ): FlowDefinition => ({
    name,
    trigger: {
      events: [EventType.AlertTriggered],
      when: `event.data.dedupKey = '${dedupKey}' and $contains(event.data.title, 'Disk full')`,
    },
    policy: { autoApprove },
    steps: [
      {
        id: 'route',
        kind: 'decide',
        rules: [
          {
            when: "event.data.severity = 'critical'",
            outcome: 'page',
            because: 'critical alerts page the on-call',
          },
        ],
        default: { outcome: 'note', because: 'anything else is only noted' },
      },
      {
        id: 'note',
        kind: 'act',
        instance: 'engine-tracker',
        action: 'note.create',
        input: { text: { template: '{{decision}}: {{event.data.title}} ({{incident.occurrences}})' } },
      },
    ],
  });

  beforeAll(async () => {
    nats = await startNatsTestServer();
    vendor = await new FakeTracker().start();
    hub = await bootstrapHttpApp(HubModule, {
      name: 'hub',
      env: hubEnv(data.dir, { NATS_URL: nats.url, SWITCHBOARD_BUS: 'nats', SWITCHBOARD_ADMIN_KEY: admin }),
    });
    publisher = await JetStreamBus.connect({ servers: nats.url });
    await publisher.subscribe(
      { durable: 'engine-test-observer', filterSubject: 'evt.default.>' },
      (event) => {
        seen.push(event);
      },
    );
    const created = await http()
      .post('/api/v1/instances')
      .set({ Authorization: `Bearer ${admin}` })
      .send({
        connectorType: 'test-tracker',
        name: 'engine-tracker',
        config: { baseUrl: vendor.url, pollIntervalMs: 3_600_000 },
        secrets: { apiToken: vendor.token },
      })
      .expect(201);
    instanceId = created.body.id;
  });
  afterAll(async () => {
    await publisher?.close();
    await hub?.close();
    await vendor?.stop();
    await nats?.stop();
    data.remove();
  });

  it('runs a flow for an alert: decides with a reason, acts through the connector, records the outcome', async () => {
    const flowId = await saveFlow(noteFlow('notes', 'db01'));
    const event = alert('db01');
    await publisher.publish(event);
    await finished(flowId);
    const [run] = await runsOf(flowId);
    expect(run).toMatchObject({ status: 'succeeded', flowVersion: 1, triggerEventId: event.id, error: null });
    expect(await stepsOf(run!.id)).toEqual([
      {
        id: 'route',
        status: 'succeeded',
        explanation: {
          outcome: 'page',
          rule: 0,
          because: 'critical alerts page the on-call',
          when: "event.data.severity = 'critical'",
        },
        output: null,
        error: null,
      },
      {
        id: 'note',
        status: 'succeeded',
        explanation: null,
        output: { noteId: expect.any(Number) },
        error: null,
      },
    ]);
    expect(vendor.notes.at(-1)!.text).toBe('page: Disk full on db01 (1)');
    const incident = await db().getRepository(IncidentRecord).findOneByOrFail({ dedupKey: 'db01' });
    expect(incident).toMatchObject({ status: 'open', occurrences: 1, actions: 1, humanSteps: 0 });
    await waitFor(() => seen.some((e) => e.type === EventType.OutcomeRecorded && e.subject === run!.id));
    expect(
      seen.find((e) => e.type === EventType.OutcomeRecorded && e.subject === run!.id)!.data,
    ).toMatchObject({
      outcome: 'remediated',
      automated: true,
      humanSteps: 0,
      incidentId: incident.id,
    });

    // The same event again (a redelivery, a re-publish): no second run, no second note.
    const notes = vendor.notes.length;
    await publisher.publish({ ...event });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await runsOf(flowId)).toHaveLength(1);
    expect(vendor.notes.length).toBe(notes);
  });

  it('waits for an approval when the policy does not allow the action; the requester cannot approve', async () => {
    const flowId = await saveFlow(noteFlow('gated', 'db02', []));
    await publisher.publish(alert('db02', 'low'));
    await waitFor(
      async () => (await db().getRepository(ApprovalRecord).countBy({ status: 'pending' })) > 0,
      20_000,
    );
    const [run] = await runsOf(flowId);
    expect(run!.status).toBe('waiting');
    const approval = await db().getRepository(ApprovalRecord).findOneByOrFail({ runId: run!.id });
    expect(approval).toMatchObject({
      stepId: 'note',
      requestedBy: `automation:flow/${flowId}`,
      status: 'pending',
    });
    expect(JSON.parse(approval.request)).toEqual({ text: 'note: Disk full on db02 (1)' });

    const engine = hub.app.get(RunEngine);
    await engine.decide(approval.id, 'approved', approval.requestedBy); // the requester: refused
    expect((await db().getRepository(ApprovalRecord).findOneByOrFail({ id: approval.id })).status).toBe(
      'pending',
    );

    await engine.decide(approval.id, 'approved', 'key-approver');
    await finished(flowId);
    expect((await runsOf(flowId))[0]).toMatchObject({ status: 'succeeded', humanSteps: 1 });
    expect(vendor.notes.at(-1)!.text).toBe('note: Disk full on db02 (1)');
    expect(await db().getRepository(IncidentRecord).findOneByOrFail({ dedupKey: 'db02' })).toMatchObject({
      humanSteps: 1,
    });
  });

  it('expires an approval nobody decided, as its policy says, and puts the expiry in the audit trail', async () => {
    const flowId = await saveFlow({
      ...noteFlow('expiring', 'db05', []),
      policy: { autoApprove: [], approvalTtl: '1s', onExpiry: 'reject' },
    });
    await publisher.publish(alert('db05'));
    await finished(flowId);
    const [run] = await runsOf(flowId);
    expect(run).toMatchObject({ status: 'failed', error: 'step note was expired' });
    const approval = await db().getRepository(ApprovalRecord).findOneByOrFail({ runId: run!.id });
    expect(approval).toMatchObject({ status: 'expired', decidedBy: 'expiry' });
    const trail = await hub.app.get(AuditLog, { strict: false }).list({ tenantId: 'default', limit: 50 });
    expect(trail.items.find((entry) => entry.action === 'approval.expire')).toMatchObject({
      actorType: 'automation',
      actorId: 'approval-expiry',
      targetId: approval.id,
      after: { status: 'expired', onExpiry: 'reject', runId: run!.id },
    });
  });

  it('fails a run whose command failed for good, and says why', async () => {
    const flowId = await saveFlow({
      ...noteFlow('failing', 'db03'),
      trigger: { events: [EventType.AlertTriggered], when: "event.data.dedupKey = 'db03'" },
      steps: [
        {
          id: 'note',
          kind: 'act',
          instance: 'engine-tracker',
          action: 'note.create',
          input: { text: { const: '' } },
        },
      ],
    });
    await publisher.publish(alert('db03'));
    await finished(flowId);
    const [run] = await runsOf(flowId);
    expect(run!.status).toBe('failed');
    expect(run!.error).toMatch(/^step note failed: validation: Invalid input for note\.create: input\.text/);
    await waitFor(() => seen.some((e) => e.type === EventType.OutcomeRecorded && e.subject === run!.id));
  });

  it('runs the runs of one incident one after another, the later one seeing what the earlier did', async () => {
    const flowId = await saveFlow({
      name: 'serial',
      trigger: {
        events: [EventType.AlertTriggered, EventType.AlertResolved],
        when: "event.data.dedupKey = 'db04'",
      },
      policy: { autoApprove: ['note.create'] },
      steps: [
        {
          id: 'note',
          kind: 'act',
          instance: 'engine-tracker',
          action: 'note.create',
          input: { text: { template: '{{event.data.status}} after {{incident.occurrences}} occurrence(s)' } },
        },
      ],
    });
    await publisher.publish(alert('db04'));
    await publisher.publish(alert('db04', 'critical', EventType.AlertResolved));
    await finished(flowId, 2);
    const runs = (await runsOf(flowId)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs[1]!.createdAt.getTime()).toBeGreaterThanOrEqual(runs[0]!.createdAt.getTime());
    expect(vendor.notes.slice(-2).map((n) => n.text)).toEqual([
      'triggered after 1 occurrence(s)',
      'resolved after 1 occurrence(s)',
    ]);
    expect(await db().getRepository(IncidentRecord).findOneByOrFail({ dedupKey: 'db04' })).toMatchObject({
      status: 'resolved',
    });
    expect(instanceId).toBeDefined();
  });
});
