/**
 * Runs and incidents over HTTP on every dialect we ship, made by the real run engine: a flow is
 * created from the alert-to-ticket template through the admin API, alert events go to the engine
 * (as the orchestrator's bus consumer hands them over), the commands it sends are answered here
 * as a Redmine instance's runtime would answer them, and the API shows what happened and why.
 */
import { randomUUID } from 'node:crypto';
import {
  ApprovalDecider,
  ApprovalsModule,
  FlowsModule,
  IncidentsModule,
  RunsModule,
} from '@switchboard/admin';
import { connectorTypes } from '@switchboard/connector-registry';
import {
  COMMAND_FAILED_TYPE,
  COMMAND_SUCCEEDED_TYPE,
  type CommandResultData,
  type ConnectorCommandData,
} from '@switchboard/connector-sdk';
import { CONNECTORS } from '@switchboard/connectors';
import { createEvent, EventType, type CloudEvent } from '@switchboard/events';
import type { RunEngine } from '@switchboard/orchestration';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { AdminTestApp, testKeys } from './support/admin-test-app';
for (const connector of CONNECTORS) connectorTypes.register(connector);

const targets: DatabaseTarget[] = databaseTargetsFor('admin runs and incidents');

const keys = testKeys({ editor: 'editor', viewer: 'viewer', other: ['admin', 'tenant-b'] });

const TICKET = { system: 'redmine', id: '42', url: 'https://redmine.example.org/issues/42' };

describe.each(targets)('runs and incidents on $dialect', (target) => {
  const api = new AdminTestApp({
    imports: [FlowsModule, RunsModule, IncidentsModule, ApprovalsModule],
    keys,
    eachEventOnce: true,
  });
  const { http, as } = api;
  let engine: RunEngine;
  let instanceId: string;
  let flowId: string;

  const alert = (dedupKey: string, type: string = EventType.AlertTriggered, episodeId = `${dedupKey}@1`) =>
    createEvent({
      type,
      source: '/connectors/alertmanager/am-prod',
      subject: dedupKey,
      tenantid: 'tenant-a',
      data: {
        dedupKey,
        episodeId,
        status: type === EventType.AlertResolved ? 'resolved' : 'triggered',
        severity: 'high',
        title: 'Disk almost full',
        description: 'Only 3% left on /var.',
        resource: { host: 'db-1' },
        labels: { alertname: 'DiskAlmostFull' },
      },
    });

  /** The command the engine sent for a step of a run (the outbox may publish a row twice). */
  const commandOf = (runId: string, stepId: string): CloudEvent<ConnectorCommandData> => {
    const command = api.published.find(
      (event) =>
        event.type.startsWith('io.switchboard.cmd.') &&
        (event.data as ConnectorCommandData).runId === runId &&
        (event.data as ConnectorCommandData).stepId === stepId,
    );
    if (!command)
      throw new Error(`no command for ${runId}/${stepId}: ${api.published.map((e) => e.type).join(', ')}`);
    return command as CloudEvent<ConnectorCommandData>;
  };

  /** What the Redmine instance's runtime answers to a command. */
  const answer = (
    command: CloudEvent<ConnectorCommandData>,
    result:
      { output: Record<string, unknown> } | { error: { code: 'permanent' | 'validation'; message: string } },
  ) =>
    engine.onResult(
      createEvent<CommandResultData>({
        type: 'output' in result ? COMMAND_SUCCEEDED_TYPE : COMMAND_FAILED_TYPE,
        source: `/connectors/redmine/${instanceId}`,
        subject: command.data.idempotencyKey,
        tenantid: 'tenant-a',
        data: {
          instanceId,
          connectorType: 'redmine',
          action: command.type.split('.').slice(3, 5).join('.'),
          idempotencyKey: command.data.idempotencyKey,
          commandId: command.id,
          outcome: 'output' in result ? 'succeeded' : 'failed',
          runId: command.data.runId,
          stepId: command.data.stepId,
          ...result,
        },
      }),
    );

  const run = async (id: string) =>
    (await http().get(`/api/v1/runs/${id}`).set(as('viewer')).expect(200)).body;

  beforeEach(async () => {
    await api.start(target);
    // The engine the admin API decides approvals with: without an orchestrator module, its own.
    engine = api.app.get(ApprovalDecider).engine;
    instanceId = await api.insertInstance('tenant-a', 'redmine-prod', 'redmine');
    const flow = await http()
      .post('/api/v1/flows/templates/alert-to-ticket')
      .set(as('editor'))
      .send({ name: 'alerts-to-redmine', ticketInstance: 'redmine-prod', project: 'ops' })
      .expect(201);
    flowId = flow.body.id;
  });

  afterEach(() => api.stop());
  afterAll(() => target.cleanup());

  it('shows a run step by step: the decision and why, the command, its result, skipped steps, a timeline', async () => {
    const trigger = alert('db1-disk');
    const [runId] = await engine.onEvent(trigger);
    const create = commandOf(runId!, 'create');
    expect(create.type).toBe('io.switchboard.cmd.ticket.create.v1');
    expect(create.data.input).toMatchObject({
      title: '[high] Disk almost full on db-1',
      priority: 'high',
      kind: 'incident',
      project: 'ops',
      alertRefs: [{ dedupKey: 'db1-disk', episodeId: 'db1-disk@1' }],
    });

    const waiting = await run(runId!);
    expect(waiting).toMatchObject({
      id: runId,
      flowId,
      flowName: 'alerts-to-redmine',
      flowVersion: 1,
      status: 'waiting',
      trigger: { eventId: trigger.id, type: EventType.AlertTriggered },
      error: null,
      flow: { id: flowId, name: 'alerts-to-redmine', version: 1 },
    });
    expect(waiting.flow.definition.steps).toHaveLength(7);
    expect(waiting.steps[0]).toMatchObject({
      id: 'route',
      kind: 'decide',
      state: 'succeeded',
      explanation: { outcome: 'create', because: 'A new episode of the alert has no ticket yet: open one.' },
    });
    expect(waiting.steps[1]).toMatchObject({
      id: 'create',
      state: 'dispatched',
      action: 'ticket.create',
      instanceId,
      attempt: 1,
      input: create.data.input,
      output: null,
    });

    await answer(create, { output: { ticket: TICKET, created: true } });
    const done = await run(runId!);
    expect(done.status).toBe('succeeded');
    expect(done.finishedAt).toEqual(expect.any(String));
    expect(done.steps.map((s: { id: string; state: string }) => [s.id, s.state])).toEqual([
      ['route', 'succeeded'],
      ['create', 'succeeded'],
      ['comment-refire', 'skipped'],
      ['comment-resolve', 'skipped'],
      ['resolve', 'skipped'],
      ['reopen', 'skipped'],
      ['comment-reopen', 'skipped'],
    ]);
    expect(done.steps[1].output).toEqual({ ticket: TICKET, created: true });
    expect(done.steps[1].durationMs).toEqual(expect.any(Number));
    expect(done.steps[2].explanation).toEqual({ because: "condition decision = 'refire' did not hold" });
    expect(done.timeline.map((entry: { event: string }) => entry.event)).toEqual([
      'run.started',
      'step.started',
      'decision',
      'step.started',
      'step.succeeded',
      'step.skipped',
      'step.skipped',
      'step.skipped',
      'step.skipped',
      'step.skipped',
      'run.succeeded',
    ]);
    expect(done.timeline[2].summary).toBe(
      'route decided create: A new episode of the alert has no ticket yet: open one.',
    );
  });

  it('shows an incident: its alerts, the ticket a run linked, its runs and its timeline, through refire and resolve', async () => {
    const [first] = await engine.onEvent(alert('db1-disk'));
    await answer(commandOf(first!, 'create'), { output: { ticket: TICKET, created: true } });

    // The alert fires again: a comment with the occurrence (an output field that looks secret is redacted).
    const [second] = await engine.onEvent(alert('db1-disk'));
    const refire = commandOf(second!, 'comment-refire');
    expect(refire.data.input).toEqual({
      ticketId: '42',
      body: 'Fired again (occurrence 2).',
      visibility: 'internal',
    });
    await answer(refire, {
      output: { ticket: TICKET, commentId: '7', created: true, apiToken: 'not-for-you' },
    });
    const refired = await run(second!);
    expect(refired.steps.find((s: { id: string }) => s.id === 'comment-refire').output).toEqual({
      ticket: TICKET,
      commentId: '7',
      created: true,
      apiToken: '[REDACTED]',
    });

    // It resolves: a comment, then the ticket is resolved.
    const [third] = await engine.onEvent(alert('db1-disk', EventType.AlertResolved));
    await answer(commandOf(third!, 'comment-resolve'), {
      output: { ticket: TICKET, commentId: '8', created: true },
    });
    const resolve = commandOf(third!, 'resolve');
    expect(resolve.data.input).toEqual({ ticketId: '42', changes: { status: 'resolved' } });
    await answer(resolve, { output: { ticket: TICKET, changed: ['status'] } });
    expect((await run(third!)).status).toBe('succeeded');

    const list = await http().get('/api/v1/incidents').set(as('viewer')).expect(200);
    expect(list.body.items).toHaveLength(1);
    const incidentId = list.body.items[0].id as string;
    expect(list.body.items[0]).toMatchObject({
      dedupKey: 'db1-disk',
      episodeId: 'db1-disk@1',
      status: 'resolved',
      occurrences: 2,
      ticket: TICKET,
      humanSteps: 0,
      actions: 4,
      escalated: false,
      resolvedAt: expect.any(String),
    });
    const incident = (await http().get(`/api/v1/incidents/${incidentId}`).set(as('viewer')).expect(200)).body;
    expect(incident.alerts.map((a: { type: string; severity: string }) => [a.type, a.severity])).toEqual([
      [EventType.AlertTriggered, 'high'],
      [EventType.AlertTriggered, 'high'],
      [EventType.AlertResolved, 'high'],
    ]);
    expect(incident.tickets).toEqual([{ ticket: TICKET, stepId: 'create', linkedAt: expect.any(String) }]);
    expect(
      incident.runs.map((r: { id: string; flowName: string; status: string }) => [
        r.id,
        r.flowName,
        r.status,
      ]),
    ).toEqual([
      [first, 'alerts-to-redmine', 'succeeded'],
      [second, 'alerts-to-redmine', 'succeeded'],
      [third, 'alerts-to-redmine', 'succeeded'],
    ]);
    expect(incident.timeline.map((entry: { kind: string }) => entry.kind)).toEqual([
      'alert.triggered',
      'run.started',
      'ticket.linked',
      'run.succeeded',
      'alert.refired',
      'run.started',
      'action.succeeded',
      'run.succeeded',
      'alert.resolved',
      'run.started',
      'action.succeeded',
      'action.succeeded',
      'run.succeeded',
    ]);
    expect(incident.timeline.map((entry: { seq: number }) => entry.seq)).toEqual(
      Array.from({ length: 13 }, (_, i) => i + 1),
    );

    // Filters.
    const runs = async (query: string) =>
      (await http().get(`/api/v1/runs?${query}`).set(as('viewer')).expect(200)).body.items.map(
        (r: { id: string }) => r.id,
      );
    expect(await runs(`incidentId=${incidentId}`)).toEqual([first, second, third]);
    expect(await runs(`flowId=${flowId}&status=succeeded&limit=2`)).toEqual([first, second]);
    expect(await runs('status=failed')).toEqual([]);
    const incidents = async (query: string) =>
      (await http().get(`/api/v1/incidents?${query}`).set(as('viewer')).expect(200)).body.items.length;
    expect(await incidents('status=resolved&dedupKey=db1-disk')).toBe(1);
    expect(await incidents('status=open')).toBe(0);
    expect(await incidents(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toBe(
      0,
    );
    expect(await incidents(`to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toBe(1);
  });

  it('says why a run failed: in the run, on the failed step and in its timeline', async () => {
    const [runId] = await engine.onEvent(alert('db2-disk'));
    await answer(commandOf(runId!, 'create'), {
      error: {
        code: 'validation',
        message: 'Invalid input for ticket.create: input.project: no project ops',
      },
    });
    const failed = await run(runId!);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(
      'step create failed: validation: Invalid input for ticket.create: input.project: no project ops',
    );
    expect(failed.steps[1]).toMatchObject({
      id: 'create',
      state: 'failed',
      error: {
        code: 'validation',
        message: 'Invalid input for ticket.create: input.project: no project ops',
      },
    });
    expect(failed.timeline.at(-1)).toMatchObject({
      event: 'run.failed',
      summary: `run failed: ${failed.error}`,
    });
    const listed = await http().get('/api/v1/runs?status=failed').set(as('viewer')).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: runId, error: failed.error })]);
  });

  it('keeps tenants apart and refuses bad queries', async () => {
    const [runId] = await engine.onEvent(alert('db3-disk'));
    const incidentId = (await run(runId!)).incidentId as string;
    await http().get(`/api/v1/runs/${runId}`).set(as('other')).expect(404);
    await http().get(`/api/v1/incidents/${incidentId}`).set(as('other')).expect(404);
    expect((await http().get('/api/v1/runs').set(as('other')).expect(200)).body).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await http().get('/api/v1/incidents').set(as('other')).expect(200)).body).toEqual({
      items: [],
      nextCursor: null,
    });
    await http().get(`/api/v1/runs/${randomUUID()}`).set(as('viewer')).expect(404);
    await http().get('/api/v1/runs/not-a-uuid').set(as('viewer')).expect(400);
    for (const query of ['status=lost', 'flowId=nope', 'incidentId=1', 'limit=0', 'cursor=bogus'])
      await http().get(`/api/v1/runs?${query}`).set(as('viewer')).expect(400);
    for (const query of ['status=closed', 'from=yesterday', 'to=2026-13-01', 'cursor=bogus'])
      await http().get(`/api/v1/incidents?${query}`).set(as('viewer')).expect(400);
  });

  it('pages incidents by opening time with limit and cursor', async () => {
    for (const key of ['p1', 'p2', 'p3']) await engine.onEvent(alert(key));
    const first = await http().get('/api/v1/incidents?limit=2').set(as('viewer')).expect(200);
    expect(first.body.items.map((i: { dedupKey: string }) => i.dedupKey)).toEqual(['p1', 'p2']);
    const second = await http()
      .get(`/api/v1/incidents?limit=2&cursor=${first.body.nextCursor}`)
      .set(as('viewer'))
      .expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ dedupKey: 'p3' })], nextCursor: null });
  });
});
