/**
 * Flows over HTTP on every dialect we ship: SQLite always, PostgreSQL when a server is configured
 * or the local default answers. Real database, audit log and outbox, the in-process bus, the
 * access guard with an in-memory key store, and the shipped connectors' manifests (flows are
 * validated against the tenant's instances: a Redmine, an LDAP and an Alertmanager here).
 */
import { FlowsModule } from '@switchboard/admin';
import { connectorTypes } from '@switchboard/connector-registry';
import { CONNECTORS } from '@switchboard/connectors';
import { FLOW_CHANGED_EVENT_TYPE } from '@switchboard/events';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { AdminTestApp, testKeys } from './support/admin-test-app';

for (const connector of CONNECTORS) connectorTypes.register(connector);

const targets: DatabaseTarget[] = databaseTargetsFor('admin flows');

const TRIGGERED = 'io.switchboard.ops.alert.triggered.v1';

/** Decide, then open a Redmine ticket: the example of the README. */
const FLOW = {
  name: 'disk-alerts-to-redmine',
  description: 'Opens a Redmine issue for disk alerts.',
  trigger: { events: [TRIGGERED], when: "event.data.severity in ['critical', 'high']" },
  policy: { autoApprove: ['ticket.create'] },
  steps: [
    {
      id: 'route',
      kind: 'decide',
      rules: [{ when: '$exists(incident.ticket)', outcome: 'skip', because: 'the episode has its ticket' }],
      default: { outcome: 'create', because: 'a new episode needs a ticket' },
    },
    {
      id: 'create',
      kind: 'act',
      when: "decision = 'create'",
      instance: 'redmine-prod',
      action: 'ticket.create',
      input: {
        title: { template: '[{{event.data.severity}}] {{event.data.title}}' },
        priority: {
          from: 'event.data.severity',
          map: { critical: 'critical', high: 'high' },
          default: 'medium',
        },
        kind: { const: 'incident' },
      },
      link: 'incident-ticket',
    },
  ],
};

/** The same flow in YAML, as an admin would keep it in a repository. */
const FLOW_YAML = `
name: disk-alerts-to-redmine
description: Opens a Redmine issue for disk alerts.
trigger:
  events: [io.switchboard.ops.alert.triggered.v1]
  when: "event.data.severity in ['critical', 'high']"
policy: { autoApprove: [ticket.create] }
steps:
  - id: route
    kind: decide
    rules:
      - { when: "$exists(incident.ticket)", outcome: skip, because: the episode has its ticket }
    default: { outcome: create, because: a new episode needs a ticket }
  - id: create
    kind: act
    when: "decision = 'create'"
    instance: redmine-prod
    action: ticket.create
    input:
      title: { template: "[{{event.data.severity}}] {{event.data.title}}" }
      priority: { from: event.data.severity, map: { critical: critical, high: high }, default: medium }
      kind: { const: incident }
    link: incident-ticket
`;

const keys = testKeys({
  admin: 'admin',
  editor: 'editor',
  viewer: 'viewer',
  other: ['admin', 'tenant-b'],
});

describe.each(targets)('flows on $dialect', (target) => {
  const api = new AdminTestApp({ imports: [FlowsModule], keys });
  const { http, as } = api;
  const create = (body: Record<string, unknown> = {}, who: keyof typeof keys = 'editor') =>
    http()
      .post('/api/v1/flows')
      .set(as(who))
      .send({ ...FLOW, ...body });
  const flowEvents = () =>
    api.published
      .filter((event) => event.type === FLOW_CHANGED_EVENT_TYPE)
      .map((event) => [
        (event.data as { change: string }).change,
        (event.data as { version: number }).version,
      ]);

  beforeEach(async () => {
    await api.start(target);
    await api.insertInstance('tenant-a', 'redmine-prod', 'redmine');
    await api.insertInstance('tenant-a', 'ldap-corp', 'ldap');
    await api.insertInstance('tenant-a', 'am-prod', 'alertmanager');
    await api.insertInstance('tenant-b', 'redmine-prod', 'redmine');
  });
  afterEach(() => api.stop());
  afterAll(() => target.cleanup());

  it('creates a flow at version 1, enabled, and reads it back with its definition and ETag', async () => {
    const res = await create().expect(201);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.headers.location).toBe(`/api/v1/flows/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: FLOW.name,
      enabled: true,
      version: 1,
      revision: 1,
      definition: FLOW,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const got = await http().get(`/api/v1/flows/${res.body.id}`).set(as('viewer')).expect(200);
    expect(got.headers.etag).toBe('W/"1"');
    expect(got.body).toEqual(res.body);
    const versions = await http().get(`/api/v1/flows/${res.body.id}/versions`).set(as('viewer')).expect(200);
    expect(versions.body).toEqual({
      items: [
        {
          flowId: res.body.id,
          version: 1,
          definition: FLOW,
          createdAt: expect.any(String),
          createdBy: 'key-editor',
        },
      ],
      nextCursor: null,
    });
    expect(flowEvents()).toEqual([['created', 1]]);
    const disabled = await create({ name: 'off', enabled: false }).expect(201);
    expect(disabled.body.enabled).toBe(false);
  });

  it('takes the same definition as YAML, and refuses YAML that is malformed or hostile', async () => {
    const yaml = (body: string, type = 'application/yaml') =>
      http().post('/api/v1/flows').set(as('editor')).set('Content-Type', type).send(body);
    const res = await yaml(FLOW_YAML).expect(201);
    expect(res.body.definition).toEqual(FLOW);

    const refused = async (body: string, message: RegExp, status = 400) => {
      const answer = await yaml(body).expect(status);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body.errors).toEqual([{ path: 'body', message: expect.stringMatching(message) }]);
    };
    await refused('name: [unclosed', /^Flow sequence in block collection/);
    await refused('name: a\nname: b', /^Map keys must be unique/);
    await refused('name: !!js/function "x"', /^Unresolved tag/);
    await refused('- just\n- a list', /must be a mapping/);
    await refused(
      `${'a: &a [x, x, x, x, x, x, x, x, x, x]\n'}${Array.from({ length: 120 }, (_, i) => `k${i}: [*a, *a]`).join('\n')}`,
      /alias/i,
    );
    await refused('__proto__: { polluted: 1 }\nname: x', /__proto__/);
    await refused(`x: ${'['.repeat(80)}${']'.repeat(80)}`, /nested deeper than 64 levels/);
    await yaml('name: x', 'application/yaml; charset=utf-16').expect(415);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Parsed YAML is then validated exactly like JSON: the same 400s and 422s.
    await yaml(FLOW_YAML.replace('name: disk-alerts-to-redmine', 'name: other\ncolour: blue')).expect(400);
    const invalid = await yaml(
      FLOW_YAML.replace('name: disk-alerts-to-redmine', 'name: other').replace(
        'instance: redmine-prod',
        'instance: redmine-prd',
      ),
    ).expect(422);
    expect(invalid.body.errors).toEqual([
      { path: 'steps[1].instance', message: 'no connector instance redmine-prd in this tenant' },
    ]);
    expect(await api.count('flows')).toBe(1);
  });

  it('refuses an invalid definition with 422 and every error, path-qualified, storing nothing', async () => {
    const res = await create({
      trigger: { events: ['io.switchboard.ops.alert.fired.v1'], when: 'event.data.severity in [' },
      steps: [
        FLOW.steps[0],
        {
          ...FLOW.steps[1],
          input: {
            ...FLOW.steps[1]!.input,
            priority: { from: 'event.data.severity', map: { critical: 'urgent' } },
          },
        },
        {
          id: 'create',
          kind: 'act',
          instance: 'am-prod',
          action: 'ticket.create',
          input: { title: { const: 'x' } },
        },
        { id: 'lookup', kind: 'enrich', instance: 'nowhere', action: 'user.lookup', input: {} },
      ],
    }).expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([
      {
        path: 'trigger.events[0]',
        message: 'io.switchboard.ops.alert.fired.v1 is not a registered event type',
      },
      { path: 'trigger.when', message: expect.stringMatching(/^Expected "\]" before end of expression/) },
      {
        path: 'steps[1].input.priority.map.critical',
        message: expect.stringMatching(/^"urgent" is not allowed in priority/),
      },
      { path: 'steps[2].id', message: 'create is used by an earlier step' },
      { path: 'steps[2].as', message: 'steps.create is written by an earlier step' },
      {
        path: 'steps[2].action',
        message: expect.stringMatching(/^alertmanager does not accept ticket\.create/),
      },
      { path: 'steps[3].instance', message: 'no connector instance nowhere in this tenant' },
    ]);
    // The outline of the request itself: 400, as everywhere.
    expect((await create({ colour: 'blue' }).expect(400)).body.errors[0].path).toBe('colour');
    await create({ steps: 'none' }).expect(400);
    expect(await api.count('flows')).toBe(0);
    expect(await api.count('flow_versions')).toBe(0);
    expect(api.published).toEqual([]);
    // Another tenant's instance of the same name does not count; one of this tenant does.
    await create({}, 'other').expect(201);
    await create().expect(201);
    await create().expect(409);
  });

  it('validates a definition without saving it', async () => {
    const ok = await http().post('/api/v1/flows/validate').set(as('editor')).send(FLOW).expect(200);
    expect(ok.body).toEqual({ valid: true, errors: [] });
    const bad = await http()
      .post('/api/v1/flows/validate')
      .set(as('editor'))
      .send({ ...FLOW, policy: { autoApprove: [], approvalTtl: 'soon' } })
      .expect(200);
    expect(bad.body).toEqual({
      valid: false,
      errors: [{ path: 'policy.approvalTtl', message: 'must be a duration such as 30m, 2h or 1d' }],
    });
    await http().post('/api/v1/flows/validate').set(as('viewer')).send(FLOW).expect(403);
    expect(await api.count('flows')).toBe(0);
  });

  it('makes every definition change a new immutable version, behind If-Match (428 missing, 412 stale)', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/flows/${body.id}`;
    const change = { policy: { autoApprove: ['ticket.create'], approvalTtl: '2h' } };
    await http().patch(url).set(as('editor')).send(change).expect(428);
    await http().patch(url).set(as('editor')).set('If-Match', 'W/"7"').send(change).expect(412);
    const v2 = await http().patch(url).set(as('editor')).set('If-Match', 'W/"1"').send(change).expect(200);
    expect(v2.headers.etag).toBe('W/"2"');
    expect(v2.body).toMatchObject({ version: 2, revision: 2, definition: { ...FLOW, ...change } });
    // The same change again: nothing to version.
    const same = await http().patch(url).set(as('editor')).set('If-Match', 'W/"2"').send(change).expect(200);
    expect(same.body).toMatchObject({ version: 2, revision: 2 });
    // Invalid: refused, nothing changes.
    const invalid = await http()
      .patch(url)
      .set(as('editor'))
      .set('If-Match', 'W/"2"')
      .send({
        steps: [{ id: 'x', kind: 'act', instance: 'redmine-prod', action: 'ticket.delete', input: {} }],
      })
      .expect(422);
    expect(invalid.body.errors).toEqual([
      { path: 'steps[0].action', message: expect.stringMatching(/^redmine does not accept ticket\.delete/) },
    ]);
    // A rename and a removed description.
    const v3 = await http()
      .patch(url)
      .set(as('editor'))
      .set('If-Match', 'W/"2"')
      .send({ name: 'disk-alerts', description: null })
      .expect(200);
    expect(v3.body).toMatchObject({ name: 'disk-alerts', version: 3 });
    expect(v3.body.definition.description).toBeUndefined();

    const versions = await http().get(`${url}/versions`).set(as('viewer')).expect(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const first = await http().get(`${url}/versions/1`).set(as('viewer')).expect(200);
    expect(first.body.definition).toEqual(FLOW);
    await http().get(`${url}/versions/9`).set(as('viewer')).expect(404);
    expect((await http().get(`${url}/versions/one`).set(as('viewer')).expect(400)).body.errors).toEqual([
      { path: 'version', message: 'must be a positive integer' },
    ]);
    expect(flowEvents()).toEqual([
      ['created', 1],
      ['updated', 2],
      ['updated', 3],
    ]);
    await create({ name: 'taken' }).expect(201);
    await http().patch(url).set(as('editor')).set('If-Match', 'W/"3"').send({ name: 'taken' }).expect(409);
  });

  it('enables and disables behind If-Match, moving the revision but not the version', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/flows/${body.id}`;
    await http().post(`${url}/disable`).set(as('editor')).expect(428);
    const off = await http().post(`${url}/disable`).set(as('editor')).set('If-Match', 'W/"1"').expect(200);
    expect(off.headers.etag).toBe('W/"2"');
    expect(off.body).toMatchObject({ enabled: false, version: 1, revision: 2 });
    // Already disabled: nothing changes.
    const again = await http().post(`${url}/disable`).set(as('editor')).set('If-Match', 'W/"2"').expect(200);
    expect(again.body).toMatchObject({ enabled: false, revision: 2 });
    await http().post(`${url}/enable`).set(as('editor')).set('If-Match', 'W/"1"').expect(412);
    const on = await http().post(`${url}/enable`).set(as('admin')).set('If-Match', 'W/"2"').expect(200);
    expect(on.body).toMatchObject({ enabled: true, version: 1, revision: 3 });
    await http().post(`${url}/enable`).set(as('viewer')).set('If-Match', 'W/"3"').expect(403);
    expect(flowEvents()).toEqual([
      ['created', 1],
      ['disabled', 1],
      ['enabled', 1],
    ]);
  });

  it('deletes behind If-Match, keeps the versions for pinned runs, and frees the name', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/flows/${body.id}`;
    await http().delete(url).set(as('editor')).expect(428);
    await http().delete(url).set(as('editor')).set('If-Match', 'W/"2"').expect(412);
    await http().delete(url).set(as('editor')).set('If-Match', 'W/"1"').expect(204);
    await http().get(url).set(as('viewer')).expect(404);
    await http().get(`${url}/versions`).set(as('viewer')).expect(404);
    expect(await api.count('flow_versions')).toBe(1);
    expect(flowEvents()).toEqual([
      ['created', 1],
      ['deleted', 1],
    ]);
    await create().expect(201);
  });

  it('keeps tenants apart: another tenant sees 404 everywhere and an empty list', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/flows/${body.id}`;
    await http().get(url).set(as('other')).expect(404);
    await http().get(`${url}/versions`).set(as('other')).expect(404);
    await http().get(`${url}/versions/1`).set(as('other')).expect(404);
    await http().patch(url).set(as('other')).set('If-Match', 'W/"1"').send({ name: 'mine' }).expect(404);
    await http().post(`${url}/disable`).set(as('other')).set('If-Match', 'W/"1"').expect(404);
    await http().delete(url).set(as('other')).set('If-Match', 'W/"1"').expect(404);
    expect((await http().get('/api/v1/flows').set(as('other')).expect(200)).body).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await http().get(url).set(as('viewer')).expect(200)).body.revision).toBe(1);
  });

  it('pages flows with limit and cursor', async () => {
    for (const name of ['a', 'b', 'c']) await create({ name }).expect(201);
    const first = await http().get('/api/v1/flows?limit=2').set(as('viewer')).expect(200);
    expect(first.body.items.map((f: { name: string }) => f.name)).toEqual(['a', 'b']);
    const second = await http()
      .get(`/api/v1/flows?limit=2&cursor=${first.body.nextCursor}`)
      .set(as('viewer'))
      .expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'c' })], nextCursor: null });
    await http().get('/api/v1/flows?cursor=bogus').set(as('viewer')).expect(400);
  });

  it('audits every change with the calling key, in the transaction of the change', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/flows/${body.id}`;
    await http()
      .patch(url)
      .set(as('editor'))
      .set('If-Match', 'W/"1"')
      .send({ description: 'v2' })
      .expect(200);
    await http().post(`${url}/disable`).set(as('admin')).set('If-Match', 'W/"2"').expect(200);
    await http().delete(url).set(as('admin')).set('If-Match', 'W/"3"').expect(204);
    const page = await api.auditLog.list({ tenantId: 'tenant-a', limit: 10, order: 'asc' });
    expect(page.items.map((e) => [e.action, e.actorId, e.targetType, e.targetId])).toEqual([
      ['flow.create', 'key-editor', 'flow', body.id],
      ['flow.update', 'key-editor', 'flow', body.id],
      ['flow.disable', 'key-admin', 'flow', body.id],
      ['flow.delete', 'key-admin', 'flow', body.id],
    ]);
    expect(await api.auditLog.verify('tenant-a')).toMatchObject({ ok: true, entries: 4 });
  });

  describe('the alert-to-ticket template', () => {
    const template = (body: Record<string, unknown>, query = '') =>
      http()
        .post(`/api/v1/flows/templates/alert-to-ticket${query}`)
        .set(as('editor'))
        .send({ name: 'alerts-to-redmine', ticketInstance: 'redmine-prod', ...body });

    it('shows the flow it would build on a dry run, saving nothing', async () => {
      const res = await template({ severities: ['critical', 'high'] }, '?dryRun=true').expect(200);
      expect(res.body).toMatchObject({ valid: true, errors: [] });
      expect(res.body.definition).toMatchObject({
        name: 'alerts-to-redmine',
        trigger: { events: [TRIGGERED, 'io.switchboard.ops.alert.resolved.v1'] },
        policy: { autoApprove: ['ticket.create', 'ticket.update', 'comment.add'] },
        config: { template: 'alert-to-ticket', severities: ['critical', 'high'] },
      });
      expect(res.body.definition.steps.map((s: { id: string }) => s.id)).toEqual([
        'route',
        'create',
        'comment-refire',
        'comment-resolve',
        'resolve',
        'reopen',
        'comment-reopen',
      ]);
      expect(await api.count('flows')).toBe(0);
      // A dry run with problems says so, still without saving.
      const bad = await template({ ticketInstance: 'nowhere' }, '?dryRun=true').expect(200);
      expect(bad.body).toMatchObject({
        valid: false,
        errors: [{ path: 'ticketInstance', message: 'no connector instance nowhere in this tenant' }],
      });
    });

    it('creates a normal flow: versioned, editable, listed', async () => {
      const res = await template({
        ownerLookup: { instance: 'ldap-corp', action: 'user.lookup', by: 'email', from: 'owner' },
        afterResolve: 'reopen',
        priorityMap: { info: 'low' },
      }).expect(201);
      expect(res.headers.etag).toBe('W/"1"');
      expect(res.body).toMatchObject({ name: 'alerts-to-redmine', enabled: true, version: 1 });
      expect(res.body.definition.steps.map((s: { id: string }) => s.id)).toContain('owner');
      expect(res.body.definition.steps[2].input.priority.map).toEqual({
        critical: 'critical',
        high: 'high',
        medium: 'medium',
        low: 'low',
        info: 'low',
      });
      const edited = await http()
        .patch(`/api/v1/flows/${res.body.id}`)
        .set(as('editor'))
        .set('If-Match', 'W/"1"')
        .send({ config: { ...res.body.definition.config, severities: ['critical'] } })
        .expect(200);
      expect(edited.body.version).toBe(2);
      expect(flowEvents()).toEqual([
        ['created', 1],
        ['updated', 2],
      ]);
      await template({}).expect(409);
    });

    it('names the config field at fault', async () => {
      const wrongKind = await template({ ticketInstance: 'am-prod' }).expect(422);
      expect(wrongKind.body.errors).toEqual([
        {
          path: 'ticketInstance',
          message:
            'am-prod is a alertmanager instance, which does not accept ticket.create, ticket.update, comment.add',
        },
      ]);
      const owner = await template({
        ownerLookup: { instance: 'redmine-prod', action: 'user.lookup', by: 'userName', from: 'owner' },
      }).expect(422);
      expect(owner.body.errors).toEqual([
        {
          path: 'ownerLookup.instance',
          message: 'redmine-prod is a redmine instance, which does not accept user.lookup',
        },
      ]);
      const shape = await template({ priorityMap: { high: 'urgent' }, severities: ['fatal'] }).expect(400);
      expect(shape.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'priorityMap.high',
        'severities',
      ]);
      await template({ ticketInstance: 'redmine-prod' }, '').set(as('viewer')).expect(403);
      await template({ ticketInstance: 'redmine-prod' }).set(as('other')).expect(201);
      expect(await api.count('flows')).toBe(1);
    });
  });
});
