/**
 * Approvals over HTTP on every dialect we ship, decided through the real run engine: runs are
 * started by alert events handed to the engine, wait at an approve step (or an act step the policy
 * does not allow), and move on when a key with `approvals:decide` decides. The requester never
 * decides, nor does a viewer, operator or editor; an approval past its TTL is the expiry's; every
 * decision is in the audit trail. Last, the same through the admin-api app (no orchestrator in it)
 * and the hub (the orchestrator's engine).
 */
import { ApprovalDecider, ApprovalsModule, FlowsModule, RunsModule } from '@switchboard/admin';
import { generateApiKey } from '@switchboard/auth';
import { connectorTypes } from '@switchboard/connector-registry';
import type { ConnectorCommandData } from '@switchboard/connector-sdk';
import { CONNECTORS } from '@switchboard/connectors';
import { createEvent, EventType } from '@switchboard/events';
import { RunEngine } from '@switchboard/orchestration';
import { ApprovalRecord, IncidentRecord, RunRecord } from '@switchboard/persistence';
import type { RunningHttpApp } from '@switchboard/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { stringify } from 'yaml';
import { AdminApiModule } from '../../apps/admin-api/src/admin-api.module';
import { hubEnv, tempDataDir } from '../platform/platform-test-env';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { AdminTestApp, testKeys } from './support/admin-test-app';
import { startCapturingStdout } from './support/start-hub';
import { FLOW_FIXTURE, insertOrchestrationFixtures } from './support/security-hub';
for (const connector of CONNECTORS) connectorTypes.register(connector);

const targets: DatabaseTarget[] = databaseTargetsFor('admin approvals');

const keys = testKeys({
  admin: 'admin',
  approver: 'approver',
  editor: 'editor',
  operator: 'operator',
  viewer: 'viewer',
  other: ['admin', 'tenant-b'],
});

/** A person approves, then a decision records what happened. */
const GATED = {
  name: 'page-on-call',
  trigger: { events: [EventType.AlertTriggered] },
  policy: { autoApprove: [], approvalTtl: '1h' },
  steps: [
    { id: 'gate', kind: 'approve', summary: 'Page the on-call for {{event.data.title}}?' },
    { id: 'after', kind: 'decide', default: { outcome: 'paged', because: 'a person approved' } },
  ],
};

describe.each(targets)('approvals on $dialect', (target) => {
  const api = new AdminTestApp({
    imports: [FlowsModule, RunsModule, ApprovalsModule],
    keys,
    eachEventOnce: true,
  });
  const { http, as } = api;
  let engine: RunEngine;
  let flowId: string;

  const alert = (dedupKey: string) =>
    createEvent({
      type: EventType.AlertTriggered,
      source: '/connectors/alertmanager/am-prod',
      subject: dedupKey,
      tenantid: 'tenant-a',
      data: { dedupKey, status: 'triggered', severity: 'critical', title: `Disk full on ${dedupKey}` },
    });
  /** Starts a run that waits for an approval; answers the pending approval. */
  const pending = async (dedupKey: string): Promise<{ runId: string; approval: Record<string, unknown> }> => {
    const [runId] = await engine.onEvent(alert(dedupKey));
    const list = await http()
      .get(`/api/v1/approvals?status=pending&runId=${runId}`)
      .set(as('viewer'))
      .expect(200);
    expect(list.body.items).toHaveLength(1);
    return { runId: runId!, approval: list.body.items[0] };
  };
  const decide = (
    id: unknown,
    verdict: 'approve' | 'reject',
    who: keyof typeof keys,
    etag = 'W/"1"',
    body = {},
  ) =>
    http()
      .post(`/api/v1/approvals/${String(id)}/${verdict}`)
      .set(as(who))
      .set('If-Match', etag)
      .send(body);
  const runOf = async (id: string) =>
    (await http().get(`/api/v1/runs/${id}`).set(as('viewer')).expect(200)).body;

  beforeEach(async () => {
    await api.start(target);
    engine = api.app.get(ApprovalDecider).engine;
    flowId = (await http().post('/api/v1/flows').set(as('editor')).send(GATED).expect(201)).body.id;
  });
  afterEach(() => api.stop());
  afterAll(() => target.cleanup());

  it('lets an approver approve: the run goes on at once and the decision is audited', async () => {
    const { runId, approval } = await pending('db1');
    expect(approval).toMatchObject({
      runId,
      stepId: 'gate',
      summary: 'Page the on-call for Disk full on db1?',
      requestedBy: `automation:flow/${flowId}`,
      status: 'pending',
      onExpiry: 'reject',
      decidedBy: null,
      version: 1,
    });
    expect((await runOf(runId)).status).toBe('waiting');
    const got = await http().get(`/api/v1/approvals/${approval.id}`).set(as('viewer')).expect(200);
    expect(got.headers.etag).toBe('W/"1"');

    await http().post(`/api/v1/approvals/${approval.id}/approve`).set(as('approver')).send({}).expect(428);
    await decide(approval.id, 'approve', 'approver', 'W/"9"').expect(412);
    const approved = await decide(approval.id, 'approve', 'approver', 'W/"1"', {
      reason: 'Checked with the DBA.',
    }).expect(200);
    expect(approved.headers.etag).toBe('W/"2"');
    expect(approved.body).toMatchObject({
      status: 'approved',
      decidedBy: 'key-approver',
      decidedAt: expect.any(String),
      reason: 'Checked with the DBA.',
      version: 2,
    });

    const run = await runOf(runId);
    expect(run).toMatchObject({ status: 'succeeded', humanSteps: 1 });
    expect(run.steps.map((s: { id: string; state: string }) => [s.id, s.state])).toEqual([
      ['gate', 'succeeded'],
      ['after', 'succeeded'],
    ]);
    expect(run.timeline.map((e: { event: string }) => e.event)).toEqual([
      'run.started',
      'step.started',
      'approval.requested',
      'approval.approved',
      'step.succeeded',
      'step.started',
      'decision',
      'run.succeeded',
    ]);
    expect(run.timeline[3].summary).toBe('approved by key-approver: Checked with the DBA.');
    expect(
      await api.dataSource.getRepository(IncidentRecord).findOneByOrFail({ dedupKey: 'db1' }),
    ).toMatchObject({
      humanSteps: 1,
    });

    const audit = await api.auditLog.list({
      tenantId: 'tenant-a',
      limit: 10,
      order: 'asc',
      action: 'approval.approve',
    });
    expect(audit.items).toEqual([
      expect.objectContaining({
        actorType: 'api_key',
        actorId: 'key-approver',
        targetType: 'approval',
        targetId: approval.id,
        before: expect.objectContaining({ status: 'pending', version: 1 }),
        after: expect.objectContaining({ status: 'approved', reason: 'Checked with the DBA.', version: 2 }),
      }),
    ]);

    // Decided once: again is a conflict, whatever the verdict.
    expect((await decide(approval.id, 'approve', 'approver', 'W/"2"').expect(409)).body.detail).toBe(
      'The approval is already approved.',
    );
    await decide(approval.id, 'reject', 'admin', 'W/"2"').expect(409);
  });

  it('refuses the requester, viewers, operators and editors; an admin may decide', async () => {
    const { approval } = await pending('db2');
    for (const who of ['viewer', 'operator', 'editor'] as const) {
      await decide(approval.id, 'approve', who).expect(403);
      await decide(approval.id, 'reject', who).expect(403);
    }
    // A run started by hand: the key that asked for the action cannot approve it, nor reject it.
    await api.dataSource
      .getRepository(ApprovalRecord)
      .update({ id: String(approval.id) }, { requestedBy: 'key-approver' });
    const self = await decide(approval.id, 'approve', 'approver').expect(403);
    expect(self.body.detail).toBe('You requested this action: another approver must decide it.');
    await decide(approval.id, 'reject', 'approver').expect(403);
    expect(
      (await http().get(`/api/v1/approvals/${approval.id}`).set(as('viewer')).expect(200)).body.status,
    ).toBe('pending');
    await decide(approval.id, 'approve', 'admin').expect(200);
    const audit = await api.auditLog.list({
      tenantId: 'tenant-a',
      limit: 10,
      order: 'asc',
      targetType: 'approval',
    });
    expect(audit.items.map((e) => [e.action, e.actorId])).toEqual([['approval.approve', 'key-admin']]);
  });

  it('rejects: the gated step fails and the run fails, saying who rejected it', async () => {
    const { runId, approval } = await pending('db3');
    const rejected = await decide(approval.id, 'reject', 'approver', 'W/"1"', {
      reason: 'Not at night.',
    }).expect(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decidedBy: 'key-approver',
      reason: 'Not at night.',
    });
    const run = await runOf(runId);
    expect(run).toMatchObject({ status: 'failed', error: 'step gate was rejected by key-approver' });
    expect(run.steps[0]).toMatchObject({
      state: 'failed',
      error: { code: 'rejected', message: 'rejected by key-approver' },
    });
    expect(run.steps[1].state).toBe('pending');
    const audit = await api.auditLog.list({
      tenantId: 'tenant-a',
      limit: 10,
      order: 'asc',
      action: 'approval.reject',
    });
    expect(audit.items.map((e) => [e.actorId, e.targetId])).toEqual([['key-approver', approval.id]]);
  });

  it('refuses an expired approval (409): the expiry decides it', async () => {
    const { runId, approval } = await pending('db4');
    const past = new Date(Date.now() - 1_000);
    await api.dataSource
      .getRepository(ApprovalRecord)
      .update({ id: String(approval.id) }, { expiresAt: past });
    const refused = await decide(approval.id, 'approve', 'approver').expect(409);
    expect(refused.body.detail).toBe(`The approval expired at ${past.toISOString()}; it counts as rejected.`);
    // The orchestrator's ticker records the expiry with its configured outcome.
    await engine.tick();
    expect(
      (await http().get(`/api/v1/approvals/${approval.id}`).set(as('viewer')).expect(200)).body,
    ).toMatchObject({
      status: 'expired',
      decidedBy: 'expiry',
    });
    expect(await runOf(runId)).toMatchObject({ status: 'failed', error: 'step gate was expired' });
    await decide(approval.id, 'approve', 'approver', 'W/"2"').expect(409);
  });

  it('gates an act step the policy does not allow: the approver sees the input, approval sends the command', async () => {
    await api.insertInstance('tenant-a', 'redmine-prod', 'redmine');
    await http()
      .post(`/api/v1/flows/${flowId}/disable`)
      .set(as('editor'))
      .set('If-Match', 'W/"1"')
      .expect(200);
    await http()
      .post('/api/v1/flows')
      .set(as('editor'))
      .send({
        name: 'gated-ticket',
        trigger: { events: [EventType.AlertTriggered] },
        policy: { autoApprove: ['comment.add'] },
        steps: [
          {
            id: 'create',
            kind: 'act',
            instance: 'redmine-prod',
            action: 'ticket.create',
            input: { title: { from: 'event.data.title' }, kind: { const: 'incident' } },
          },
        ],
      })
      .expect(201);
    const { runId, approval } = await pending('db5');
    expect(approval).toMatchObject({
      stepId: 'create',
      summary: 'ticket.create on redmine-prod (policy: not in autoApprove)',
      request: { title: 'Disk full on db5', kind: 'incident' },
    });
    const commands = () =>
      api.published.filter(
        (event) =>
          event.type === 'io.switchboard.cmd.ticket.create.v1' &&
          (event.data as ConnectorCommandData).runId === runId,
      );
    expect(commands()).toEqual([]);
    await decide(approval.id, 'approve', 'approver').expect(200);
    expect(commands().map((event) => (event.data as ConnectorCommandData).input)).toEqual([
      { title: 'Disk full on db5', kind: 'incident' },
    ]);
    expect((await runOf(runId)).steps[0].state).toBe('dispatched');
  });

  it("keeps tenants apart: another tenant's approval is a 404, to read and to decide", async () => {
    const { approval } = await pending('db6');
    await http().get(`/api/v1/approvals/${approval.id}`).set(as('other')).expect(404);
    await decide(approval.id, 'approve', 'other').expect(404);
    await decide(approval.id, 'reject', 'other').expect(404);
    expect((await http().get('/api/v1/approvals').set(as('other')).expect(200)).body).toEqual({
      items: [],
      nextCursor: null,
    });
    expect(
      (await http().get(`/api/v1/approvals/${approval.id}`).set(as('viewer')).expect(200)).body.status,
    ).toBe('pending');
    await http().get('/api/v1/approvals?status=maybe').set(as('viewer')).expect(400);
    await http()
      .post(`/api/v1/approvals/${approval.id}/approve`)
      .set(as('approver'))
      .set('If-Match', 'W/"1"')
      .send({ reason: 7 })
      .expect(400);
  });
});

describe('approvals in the apps', () => {
  const admin = generateApiKey().key;

  /** Creates a flow and a run waiting at its approve step; returns the approval id. */
  const waitingRun = async (app: RunningHttpApp): Promise<{ approvalId: string; runId: string }> => {
    const http = request(app.app.getHttpServer());
    // As YAML, through the app's real body pipeline (size and shape guards, then the YAML parser).
    const flow = await http
      .post('/api/v1/flows')
      .set({ Authorization: `Bearer ${admin}`, 'Content-Type': 'application/yaml' })
      .send(stringify(FLOW_FIXTURE))
      .expect(201);
    expect(flow.body.definition).toEqual(FLOW_FIXTURE);
    const ids = await insertOrchestrationFixtures(app.app.get(DataSource), 'default', flow.body.id);
    return { approvalId: ids['/api/v1/approvals']!, runId: ids['/api/v1/runs']! };
  };
  const approverKey = async (app: RunningHttpApp): Promise<string> =>
    (
      await request(app.app.getHttpServer())
        .post('/api/v1/api-keys')
        .set({ Authorization: `Bearer ${admin}` })
        .send({ name: 'approver', role: 'approver' })
        .expect(201)
    ).body.key;

  it('admin-api (no orchestrator in it): approving moves the run on, through an engine of its own', async () => {
    const data = tempDataDir('approvals-admin-api');
    const { hub: app } = await startCapturingStdout(
      hubEnv(data.dir, { SWITCHBOARD_BUS: 'memory', SWITCHBOARD_ADMIN_KEY: admin }),
      AdminApiModule,
      { name: 'admin-api' },
    );
    try {
      expect(() => app.app.get(RunEngine)).toThrow();
      const { approvalId, runId } = await waitingRun(app);
      const key = await approverKey(app);
      await request(app.app.getHttpServer())
        .post(`/api/v1/approvals/${approvalId}/approve`)
        .set({ Authorization: `Bearer ${key}`, 'If-Match': 'W/"1"' })
        .send({})
        .expect(200);
      expect(
        await app.app.get(DataSource).getRepository(RunRecord).findOneByOrFail({ id: runId }),
      ).toMatchObject({
        status: 'succeeded',
      });
    } finally {
      await app.close();
      data.remove();
    }
  });

  it("hub: approvals are decided through the orchestrator's own engine", async () => {
    const data = tempDataDir('approvals-hub');
    const { hub: app } = await startCapturingStdout(
      hubEnv(data.dir, { SWITCHBOARD_BUS: 'memory', SWITCHBOARD_ADMIN_KEY: admin }),
    );
    try {
      expect(app.app.get(ApprovalDecider).engine).toBe(app.app.get(RunEngine));
      const { approvalId, runId } = await waitingRun(app);
      await request(app.app.getHttpServer())
        .post(`/api/v1/approvals/${approvalId}/reject`)
        .set({ Authorization: `Bearer ${await approverKey(app)}`, 'If-Match': 'W/"1"' })
        .send({ reason: 'no' })
        .expect(200);
      expect(
        await app.app.get(DataSource).getRepository(RunRecord).findOneByOrFail({ id: runId }),
      ).toMatchObject({
        status: 'failed',
      });
    } finally {
      await app.close();
      data.remove();
    }
  });
});
