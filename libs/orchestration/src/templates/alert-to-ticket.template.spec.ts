import type { ConnectorManifest } from '@switchboard/connector-sdk';
import { CONNECTORS } from '@switchboard/connectors';
import { createEvent, EventType, type ExternalRef } from '@switchboard/events';
import {
  compileExpression,
  compileFastExpression,
  MappingCompiler,
  mappingCatalog,
  UNDECIDED,
} from '@switchboard/mapping';
import { RUN_CONTEXT_SHAPE, type IncidentView, type RunContext } from '../context/run-context';
import type { FlowDefinition, StepDefinition } from '../definition/flow-definition';
import { validateFlow, type FlowValidationContext } from '../definition/flow-validator';
import { holds } from '../expressions/condition';
import { alertToTicketFlow, type AlertToTicketConfig } from './alert-to-ticket.template';

const manifestOf = (id: string) =>
  CONNECTORS.find((connector) => connector.manifest.id === id)!.manifest as unknown as ConnectorManifest;

/** The tenant's instances as the admin API resolves them: a Redmine, an LDAP and an Alertmanager. */
const INSTANCES: Record<string, { id: string; connectorType: string }> = {
  'redmine-prod': { id: '0193a1f2-0000-7000-8000-000000000001', connectorType: 'redmine' },
  'ldap-corp': { id: '0193a1f2-0000-7000-8000-000000000002', connectorType: 'ldap' },
  'am-prod': { id: '0193a1f2-0000-7000-8000-000000000003', connectorType: 'alertmanager' },
};
const instances: FlowValidationContext = {
  instance: (ref) => {
    const found = INSTANCES[ref];
    return found && { ...found, name: ref, manifest: manifestOf(found.connectorType) };
  },
};

const BASE: AlertToTicketConfig = { name: 'alerts-to-redmine', ticketInstance: 'redmine-prod' };
const FULL: AlertToTicketConfig = {
  ...BASE,
  project: 'ops',
  severities: ['critical', 'high'],
  priorityMap: { high: 'critical' },
  impactMap: { critical: 'high', high: 'medium' },
  impactField: 'redmine.7',
  assignee: 'oncall',
  assignmentGroup: 'Operations',
  ownerLookup: {
    instance: 'ldap-corp',
    action: 'user.lookup',
    by: 'userName',
    from: 'app.kubernetes.io/owner',
  },
  afterResolve: 'reopen',
  refireComments: false,
  commentVisibility: 'public',
};

const TICKET: ExternalRef = { system: 'redmine', id: '42', url: 'https://redmine.example.org/issues/42' };

function context(
  type: string,
  incident: Partial<IncidentView> = {},
  data: Record<string, unknown> = {},
  flow: FlowDefinition = alertToTicketFlow(BASE),
): RunContext {
  const event = createEvent({
    type,
    source: '/connectors/alertmanager/am-prod',
    subject: '5f2c9a1e',
    tenantid: 'default',
    data: {
      dedupKey: '5f2c9a1e',
      episodeId: '5f2c9a1e@2',
      status: type === EventType.AlertResolved ? 'resolved' : 'triggered',
      severity: 'high',
      title: 'Disk almost full',
      description: 'Only 3% left on /var.',
      resource: { host: 'db-1' },
      labels: { alertname: 'DiskAlmostFull', 'app.kubernetes.io/owner': 'jdoe' },
      links: [{ href: 'https://grafana.example.org/d/disk', title: 'Dashboard' }],
      ...data,
    },
  });
  return {
    event,
    incident: {
      id: '0193a1f2-0000-7000-8000-0000000000aa',
      dedupKey: '5f2c9a1e',
      episodeId: '5f2c9a1e@2',
      status: type === EventType.AlertResolved ? 'resolved' : 'open',
      isNew: true,
      occurrences: 1,
      severity: 'high',
      title: 'Disk almost full',
      openedAt: '2026-11-22T07:15:43.000Z',
      ...incident,
    },
    steps: {},
    decisions: {},
    config: flow.config ?? {},
    run: { id: 'run-1', flow: flow.name, version: 1 },
  };
}

/** What the flow's decide step answers for a context, as the engine evaluates it. */
async function route(flow: FlowDefinition, ctx: RunContext): Promise<{ outcome: string; because: string }> {
  const decide = flow.steps.find((step) => step.kind === 'decide')!;
  for (const rule of decide.rules ?? [])
    if (await holds(rule.when, ctx)) return { outcome: rule.outcome, because: rule.because };
  return decide.default!;
}

/** The steps that run for a decision (their `when` holds). */
async function stepsFor(flow: FlowDefinition, ctx: RunContext): Promise<string[]> {
  const ran: string[] = [];
  for (const step of flow.steps)
    if (step.kind !== 'decide' && (step.when === undefined || (await holds(step.when, ctx))))
      ran.push(step.id);
  return ran;
}

async function inputOf(
  flow: FlowDefinition,
  stepId: string,
  ctx: RunContext,
): Promise<Record<string, unknown>> {
  const step = flow.steps.find((s) => s.id === stepId) as StepDefinition;
  const compiled = new MappingCompiler({ catalog: mappingCatalog }).compile({
    name: `${flow.name}.${step.id}`,
    source: { shape: RUN_CONTEXT_SHAPE },
    target: { command: step.action },
    fields: step.input,
  });
  const result = compiled.isAsync ? await compiled.run(ctx) : compiled.run(ctx);
  expect(result.errors).toEqual([]);
  return result.output;
}

describe('the alert-to-ticket template', () => {
  it('builds a flow that validates against the Redmine connector, with defaults and with every option', () => {
    expect(validateFlow(alertToTicketFlow(BASE), instances)).toEqual([]);
    expect(validateFlow(alertToTicketFlow(FULL), instances)).toEqual([]);
    const flow = alertToTicketFlow(BASE);
    expect(flow.trigger.events).toEqual([EventType.AlertTriggered, EventType.AlertResolved]);
    expect(flow.policy.autoApprove).toEqual(['ticket.create', 'ticket.update', 'comment.add']);
    expect(flow.steps.map((step) => `${step.kind} ${step.id}`)).toEqual([
      'decide route',
      'act create',
      'act comment-refire',
      'act comment-resolve',
      'act resolve',
      'act reopen',
      'act comment-reopen',
    ]);
    expect(alertToTicketFlow(FULL).steps[1]).toMatchObject({
      id: 'owner',
      kind: 'enrich',
      action: 'user.lookup',
    });
  });

  it('is refused by validation when the ticket instance cannot take tickets', () => {
    const errors = validateFlow(alertToTicketFlow({ ...BASE, ticketInstance: 'am-prod' }), instances);
    expect(errors).toContainEqual({
      path: 'steps[1].action',
      message: expect.stringMatching(/^alertmanager does not accept ticket\.create/),
    });
  });

  it('routes every alert event with a plain-language reason', async () => {
    const flow = alertToTicketFlow(BASE);
    await expect(route(flow, context(EventType.AlertTriggered))).resolves.toEqual({
      outcome: 'create',
      because: 'A new episode of the alert has no ticket yet: open one.',
    });
    await expect(
      route(flow, context(EventType.AlertTriggered, { ticket: TICKET, isNew: false, occurrences: 3 })),
    ).resolves.toMatchObject({ outcome: 'refire' });
    await expect(route(flow, context(EventType.AlertResolved, { ticket: TICKET }))).resolves.toEqual({
      outcome: 'resolve',
      because: 'The alert resolved and this episode has a ticket: comment on it and set it to resolved.',
    });
    await expect(route(flow, context(EventType.AlertResolved))).resolves.toMatchObject({ outcome: 'ignore' });
    // afterResolve defaults to "new": the previous episode's ticket stays closed.
    await expect(
      route(flow, context(EventType.AlertTriggered, { previousTicket: TICKET })),
    ).resolves.toMatchObject({ outcome: 'create' });

    const full = alertToTicketFlow(FULL);
    const fullContext = (type: string, incident: Partial<IncidentView> = {}, data = {}) =>
      context(type, incident, data, full);
    await expect(
      route(full, fullContext(EventType.AlertTriggered, { previousTicket: TICKET })),
    ).resolves.toMatchObject({ outcome: 'reopen' });
    await expect(
      route(full, fullContext(EventType.AlertTriggered, { ticket: TICKET, isNew: false })),
    ).resolves.toEqual({
      outcome: 'ignore',
      because: 'The alert fired again; this episode has its ticket and refire comments are off.',
    });
    await expect(
      route(full, fullContext(EventType.AlertTriggered, {}, { severity: 'info' })),
    ).resolves.toEqual({
      outcome: 'ignore',
      because: 'Alerts of this severity do not open tickets (only critical, high do).',
    });
  });

  it('runs the right steps for each decision', async () => {
    const flow = alertToTicketFlow(FULL);
    const withDecision = (decision: string, ctx: RunContext) => ({ ...ctx, decision });
    expect(
      await stepsFor(flow, withDecision('create', context(EventType.AlertTriggered, {}, {}, flow))),
    ).toEqual(['owner', 'create']);
    expect(
      await stepsFor(
        flow,
        withDecision('resolve', context(EventType.AlertResolved, { ticket: TICKET }, {}, flow)),
      ),
    ).toEqual(['comment-resolve', 'resolve']);
    expect(
      await stepsFor(
        flow,
        withDecision('reopen', context(EventType.AlertTriggered, { previousTicket: TICKET }, {}, flow)),
      ),
    ).toEqual(['reopen', 'comment-reopen']);
    expect(
      await stepsFor(
        flow,
        withDecision('refire', context(EventType.AlertTriggered, { ticket: TICKET }, {}, flow)),
      ),
    ).toEqual(['comment-refire']);
    // No owner label: the lookup is skipped, the fixed assignee is used.
    expect(
      await stepsFor(
        flow,
        withDecision('create', context(EventType.AlertTriggered, {}, { labels: {} }, flow)),
      ),
    ).toEqual(['create']);
  });

  it('maps the alert into the ticket: title, markdown description, priority, alert refs, owner', async () => {
    const flow = alertToTicketFlow(FULL);
    validateFlow(flow, instances); // registers the run-context shape, as saving a flow does
    const ctx = context(EventType.AlertTriggered, {}, {}, flow);
    ctx.steps.owner = { found: true, user: { userName: 'jdoe', displayName: 'Jane Doe', active: true } };
    const input = await inputOf(flow, 'create', ctx);
    expect(input).toEqual({
      title: '[high] Disk almost full on db-1',
      description: [
        'Only 3% left on /var.',
        '**Labels**\n\n- `alertname`: DiskAlmostFull\n- `app.kubernetes.io/owner`: jdoe',
        '**Links**\n\n- [Dashboard](https://grafana.example.org/d/disk)',
        'Alert `5f2c9a1e`, severity high.',
      ].join('\n\n'),
      priority: 'critical',
      kind: 'incident',
      project: 'ops',
      customFields: { 'redmine.7': 'medium' },
      alertRefs: [{ dedupKey: '5f2c9a1e', episodeId: '5f2c9a1e@2' }],
      assignee: { displayName: 'Jane Doe', userName: 'jdoe' },
      assignmentGroup: 'Operations',
    });

    // Defaults: all five priorities, impact in the description, no host, no labels or links.
    const plain = alertToTicketFlow({ ...BASE, impactMap: { info: 'low' } });
    const bare = context(
      EventType.AlertTriggered,
      {},
      { severity: 'info', resource: undefined, labels: undefined, links: undefined, description: undefined },
      plain,
    );
    expect(await inputOf(plain, 'create', bare)).toMatchObject({
      title: '[info] Disk almost full',
      description: 'Disk almost full\n\n**Impact:** low\n\nAlert `5f2c9a1e`, severity info.',
      priority: 'planning',
    });
  });

  it('builds the title and description without JSONata, to the same text', async () => {
    for (const config of [
      FULL,
      BASE,
      { ...BASE, impactMap: { info: 'low' } } satisfies AlertToTicketConfig,
    ]) {
      const flow = alertToTicketFlow(config);
      const create = flow.steps.find((step) => step.id === 'create')!;
      const bare = context(
        EventType.AlertTriggered,
        {},
        {
          severity: 'info',
          resource: undefined,
          labels: undefined,
          links: undefined,
          description: undefined,
        },
        flow,
      );
      for (const field of ['title', 'description']) {
        const text = (create.input![field] as { expr: string }).expr;
        const compiled = compileExpression(text);
        if (!compiled.ok) throw new Error(compiled.message);
        const fast = compileFastExpression(compiled.expression.ast());
        expect(fast).toBeDefined();
        for (const ctx of [context(EventType.AlertTriggered, {}, {}, flow), bare]) {
          const value = fast!(ctx);
          expect(value).not.toBe(UNDECIDED);
          expect(value).toEqual(await compiled.expression.evaluate(ctx));
        }
      }
    }
  });

  it('comments on refires with the occurrence, and reopens the previous ticket', async () => {
    const flow = alertToTicketFlow(FULL);
    validateFlow(flow, instances);
    const refire = context(EventType.AlertTriggered, { ticket: TICKET, occurrences: 4 }, {}, flow);
    expect(await inputOf(flow, 'comment-refire', refire)).toEqual({
      ticketId: '42',
      body: 'Fired again (occurrence 4).',
      visibility: 'public',
    });
    const again = context(EventType.AlertTriggered, { previousTicket: TICKET }, {}, flow);
    expect(await inputOf(flow, 'reopen', again)).toEqual({ ticketId: '42', changes: { status: 'open' } });
    expect(await inputOf(flow, 'comment-reopen', again)).toMatchObject({ ticketId: '42' });
    const resolved = context(EventType.AlertResolved, { ticket: TICKET }, {}, flow);
    expect(await inputOf(flow, 'resolve', resolved)).toEqual({
      ticketId: '42',
      changes: { status: 'resolved' },
    });
  });
});
