/**
 * Mappings over HTTP on every dialect we ship: SQLite always, PostgreSQL when a server is
 * configured or the local default answers. Real database, real audit log and outbox, the
 * in-process bus, the access guard with an in-memory key store.
 */
import { MappingsModule } from '@switchboard/admin';
import { MAPPING_CHANGED_EVENT_TYPE } from '@switchboard/events';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { AdminTestApp, testKeys } from './support/admin-test-app';

const targets: DatabaseTarget[] = databaseTargetsFor('admin mappings');

const ALERT = 'io.switchboard.ops.alert.triggered.v1';

/** Alert → ticket.create: a template, a path with a default, a value map, a constant, a list item. */
const DEFINITION = {
  name: 'alert-to-ticket',
  description: 'Opens an incident for a triggered alert.',
  source: { event: ALERT },
  target: { command: 'ticket.create' },
  fields: {
    title: { template: '[{{data.severity}}] {{data.title}} on {{data.resource.host}}' },
    description: { from: 'data.description', default: '(no description)' },
    priority: {
      from: 'data.severity',
      map: { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'planning' },
    },
    kind: { const: 'incident' },
    'alertRefs[0].dedupKey': { from: 'data.dedupKey', required: true },
  },
};

const SAMPLE = {
  specversion: '1.0',
  id: '018f3406-a1e8-7de1-b093-a91ded476012',
  source: '/connectors/prometheus-alertmanager/am-prod',
  type: ALERT,
  subject: '5f2c9a1e7b3d4c10',
  time: '2024-05-01T12:00:01Z',
  datacontenttype: 'application/json',
  data: {
    dedupKey: '5f2c9a1e7b3d4c10',
    status: 'triggered',
    severity: 'high',
    title: 'Disk almost full on db-1',
    resource: { host: 'db-1.prod.example.com' },
    labels: { alertname: 'DiskAlmostFull', team: 'dba' },
  },
};

const keys = testKeys({
  admin: 'admin',
  editor: 'editor',
  viewer: 'viewer',
  operator: 'operator',
  other: ['admin', 'tenant-b'],
});

describe.each(targets)('mappings on $dialect', (target) => {
  const api = new AdminTestApp({ imports: [MappingsModule], keys });
  const { http, as } = api;
  const create = (body: Record<string, unknown> = {}, who: keyof typeof keys = 'editor') =>
    http()
      .post('/api/v1/mappings')
      .set(as(who))
      .send({ ...DEFINITION, ...body });

  beforeEach(() => api.start(target));
  afterEach(() => api.stop());
  afterAll(() => target.cleanup());

  it('creates a mapping at version 1 and reads it back with its ETag', async () => {
    const res = await create().expect(201);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.headers.location).toBe(`/api/v1/mappings/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'alert-to-ticket',
      description: 'Opens an incident for a triggered alert.',
      source: DEFINITION.source,
      target: DEFINITION.target,
      fields: DEFINITION.fields,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const got = await http().get(`/api/v1/mappings/${res.body.id}`).set(as('viewer')).expect(200);
    expect(got.headers.etag).toBe('W/"1"');
    expect(got.body).toEqual(res.body);
    const versions = await http()
      .get(`/api/v1/mappings/${res.body.id}/versions`)
      .set(as('viewer'))
      .expect(200);
    expect(versions.body).toEqual({
      items: [expect.objectContaining({ mappingId: res.body.id, version: 1, createdBy: 'key-editor' })],
      nextCursor: null,
    });
  });

  it('refuses an invalid definition with 422 and one path-qualified error per problem, storing nothing', async () => {
    const res = await create({
      fields: {
        ...DEFINITION.fields,
        title: { template: 'Alert {{data.titel}}' },
        priority: { from: 'data.severity', map: { critical: 'critical', high: 'urgent' } },
        labels: { expr: '$keys(data.labels' },
        summary: { from: 'data.title' },
      },
    }).expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([
      {
        path: 'fields.title.template',
        message:
          'unknown source field in {{data.titel}}: data (AlertData) has no field titel (did you mean title?)',
      },
      {
        path: 'fields.priority.map.high',
        message: '"urgent" is not allowed in priority (one of critical, high, medium, low, planning)',
      },
      { path: 'fields.priority.map', message: 'does not map medium, low, info; add them or a default' },
      {
        path: 'fields.labels.expr',
        message: 'is not valid JSONata: Expected ")" before end of expression at position 17 (S0203)',
      },
      {
        path: 'fields.summary',
        message: expect.stringMatching(/^unknown target field: .* has no field summary/),
      },
    ]);
    const unknownEvent = await create({ source: { event: 'io.switchboard.ops.alert.fired.v1' } }).expect(422);
    expect(unknownEvent.body.errors[0].path).toBe('source.event');
    // The envelope of the request itself: 400, as everywhere.
    const unknownTopLevel = await create({ colour: 'blue' }).expect(400);
    expect(unknownTopLevel.body.errors[0].path).toBe('colour');
    await create({ source: { event: ALERT, nope: 1 } }).expect(400);
    expect(await api.count('mappings')).toBe(0);
    expect(await api.count('mapping_versions')).toBe(0);
    await create().expect(201);
    await create().expect(409);
    expect(await api.count('mappings')).toBe(1);
  });

  it('validates a definition without saving it', async () => {
    const ok = await http().post('/api/v1/mappings/validate').set(as('editor')).send(DEFINITION).expect(200);
    expect(ok.body).toEqual({ valid: true, errors: [] });
    const gap = await http()
      .post('/api/v1/mappings/validate')
      .set(as('editor'))
      .send({
        ...DEFINITION,
        fields: { ...DEFINITION.fields, priority: { from: 'data.severity', map: { critical: 'critical' } } },
      })
      .expect(200);
    expect(gap.body).toEqual({
      valid: false,
      errors: [
        {
          path: 'fields.priority.map',
          message: 'does not map high, medium, low, info; add them or a default',
        },
      ],
    });
    expect(await api.count('mappings')).toBe(0);
    expect(api.published).toEqual([]);
  });

  it('makes every change a new immutable version, behind If-Match (428 missing, 412 stale)', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/mappings/${body.id}`;
    const change = { fields: { ...DEFINITION.fields, kind: { const: 'problem' } } };
    await http().patch(url).set(as('editor')).send(change).expect(428);
    await http().patch(url).set(as('editor')).set('If-Match', 'W/"7"').send(change).expect(412);
    const v2 = await http().patch(url).set(as('editor')).set('If-Match', 'W/"1"').send(change).expect(200);
    expect(v2.headers.etag).toBe('W/"2"');
    expect(v2.body).toMatchObject({ version: 2, fields: { kind: { const: 'problem' } } });
    await http().patch(url).set(as('editor')).set('If-Match', 'W/"1"').send(change).expect(412);

    // A rename and a removed description: version 3; the same change again is no new version.
    const renamed = { name: 'alert-to-problem', description: null };
    const v3 = await http().patch(url).set(as('editor')).set('If-Match', 'W/"2"').send(renamed).expect(200);
    expect(v3.body).toMatchObject({ version: 3, name: 'alert-to-problem', description: null });
    const same = await http().patch(url).set(as('editor')).set('If-Match', 'W/"3"').send(renamed).expect(200);
    expect(same.body.version).toBe(3);

    // An invalid change is refused and changes nothing.
    const invalid = await http()
      .patch(url)
      .set(as('editor'))
      .set('If-Match', 'W/"3"')
      .send({ fields: { title: { from: 'data.nope' } } })
      .expect(422);
    expect(invalid.body.errors).toContainEqual({
      path: 'fields.title.from',
      message: expect.stringMatching(/^unknown source field: data \(AlertData\) has no field nope/),
    });
    expect((await http().get(url).set(as('viewer')).expect(200)).body.version).toBe(3);

    const versions = await http().get(`${url}/versions`).set(as('viewer')).expect(200);
    expect(versions.body.items.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([
      [3, 'alert-to-problem'],
      [2, 'alert-to-ticket'],
      [1, 'alert-to-ticket'],
    ]);
    const first = await http().get(`${url}/versions/1`).set(as('viewer')).expect(200);
    expect(first.body).toMatchObject({
      version: 1,
      fields: DEFINITION.fields,
      description: DEFINITION.description,
    });
    await http().get(`${url}/versions/9`).set(as('viewer')).expect(404);
    const bad = await http().get(`${url}/versions/one`).set(as('viewer')).expect(400);
    expect(bad.body.errors).toEqual([{ path: 'version', message: 'must be a positive integer' }]);

    // Renaming onto another mapping's name is a conflict.
    await create({ name: 'taken' }).expect(201);
    await http().patch(url).set(as('editor')).set('If-Match', 'W/"3"').send({ name: 'taken' }).expect(409);
  });

  it('deletes behind If-Match, keeps the versions for pinned runs, and frees the name', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/mappings/${body.id}`;
    await http().delete(url).set(as('editor')).expect(428);
    await http().delete(url).set(as('editor')).set('If-Match', 'W/"2"').expect(412);
    await http().delete(url).set(as('editor')).set('If-Match', 'W/"1"').expect(204);
    await http().get(url).set(as('viewer')).expect(404);
    await http().get(`${url}/versions`).set(as('viewer')).expect(404);
    expect(await api.count('mapping_versions')).toBe(1);
    await create().expect(201);
  });

  it('previews a version on a sample: output, per-field errors, and what the target refuses', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/mappings/${body.id}`;
    const clean = await http().post(`${url}/preview`).set(as('viewer')).send({ sample: SAMPLE }).expect(200);
    expect(clean.body).toEqual({
      mappingId: body.id,
      version: 1,
      output: {
        title: '[high] Disk almost full on db-1 on db-1.prod.example.com',
        description: '(no description)',
        priority: 'high',
        kind: 'incident',
        alertRefs: [{ dedupKey: '5f2c9a1e7b3d4c10' }],
      },
      errors: [],
    });

    // Version 2 adds JSONata, one expression failing on this sample: the other fields still come out.
    await http()
      .patch(url)
      .set(as('editor'))
      .set('If-Match', 'W/"1"')
      .send({
        fields: {
          ...DEFINITION.fields,
          labels: { expr: '[$keys(data.labels)]' },
          assignmentGroup: { expr: '$number(data.labels.team)' },
          project: { from: 'data.labels.project' },
        },
      })
      .expect(200);
    const sample = {
      ...SAMPLE,
      data: { ...SAMPLE.data, severity: 'fatal', labels: { team: 'dba', project: '' } },
    };
    const v2 = await http().post(`${url}/preview`).set(as('viewer')).send({ sample }).expect(200);
    expect(v2.body.version).toBe(2);
    expect(v2.body.output).toMatchObject({ kind: 'incident', labels: ['team', 'project'] });
    expect(v2.body.output.priority).toBeUndefined();
    expect(v2.body.errors).toEqual([
      { path: 'fields.priority', message: 'data.severity is "fatal", which the value map does not map' },
      {
        path: 'fields.assignmentGroup',
        message: expect.stringMatching(/^expression failed: Unable to cast value to a number/),
      },
      { path: 'output.project', message: 'must not be empty' },
    ]);

    // A pinned older version still runs as it was.
    const v1 = await http().post(`${url}/preview`).set(as('viewer')).send({ sample, version: 1 }).expect(200);
    expect(v1.body.version).toBe(1);
    expect(v1.body.output.labels).toBeUndefined();
    await http().post(`${url}/preview`).set(as('viewer')).send({ sample, version: 5 }).expect(404);
    await http().post(`${url}/preview`).set(as('viewer')).send({ version: 1 }).expect(400);
  });

  it('keeps tenants apart: another tenant sees 404 everywhere and an empty list', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/mappings/${body.id}`;
    await http().get(url).set(as('other')).expect(404);
    await http().get(`${url}/versions`).set(as('other')).expect(404);
    await http().get(`${url}/versions/1`).set(as('other')).expect(404);
    await http().patch(url).set(as('other')).set('If-Match', 'W/"1"').send({ name: 'mine' }).expect(404);
    await http().delete(url).set(as('other')).set('If-Match', 'W/"1"').expect(404);
    await http().post(`${url}/preview`).set(as('other')).send({ sample: SAMPLE }).expect(404);
    expect((await http().get('/api/v1/mappings').set(as('other')).expect(200)).body).toEqual({
      items: [],
      nextCursor: null,
    });
    // The same name is free in another tenant.
    await create({}, 'other').expect(201);
    expect((await http().get(url).set(as('viewer')).expect(200)).body.version).toBe(1);
  });

  it('pages mappings and versions with limit and cursor', async () => {
    for (const name of ['a', 'b', 'c']) await create({ name }).expect(201);
    const first = await http().get('/api/v1/mappings?limit=2').set(as('viewer')).expect(200);
    expect(first.body.items.map((m: { name: string }) => m.name)).toEqual(['a', 'b']);
    const second = await http()
      .get(`/api/v1/mappings?limit=2&cursor=${first.body.nextCursor}`)
      .set(as('viewer'))
      .expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'c' })], nextCursor: null });

    const id = first.body.items[0].id as string;
    for (const version of [1, 2])
      await http()
        .patch(`/api/v1/mappings/${id}`)
        .set(as('editor'))
        .set('If-Match', `W/"${version}"`)
        .send({ description: `v${version + 1}` })
        .expect(200);
    const newest = await http().get(`/api/v1/mappings/${id}/versions?limit=2`).set(as('viewer')).expect(200);
    expect(newest.body.items.map((v: { version: number }) => v.version)).toEqual([3, 2]);
    const oldest = await http()
      .get(`/api/v1/mappings/${id}/versions?limit=2&cursor=${newest.body.nextCursor}`)
      .set(as('viewer'))
      .expect(200);
    expect(oldest.body).toEqual({ items: [expect.objectContaining({ version: 1 })], nextCursor: null });
    await http().get('/api/v1/mappings?limit=0').set(as('viewer')).expect(400);
    await http().get('/api/v1/mappings?cursor=bogus').set(as('viewer')).expect(400);
    await http().get(`/api/v1/mappings/${id}/versions?cursor=bogus`).set(as('viewer')).expect(400);
  });

  it('audits every change and announces it as mapping.changed, in the same transaction', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/mappings/${body.id}`;
    await http()
      .patch(url)
      .set(as('editor'))
      .set('If-Match', 'W/"1"')
      .send({ description: 'v2' })
      .expect(200);
    await http().delete(url).set(as('admin')).set('If-Match', 'W/"2"').expect(204);

    const page = await api.auditLog.list({ tenantId: 'tenant-a', limit: 10, order: 'asc' });
    expect(page.items.map((e) => [e.action, e.actorId, e.targetType, e.targetId])).toEqual([
      ['mapping.create', 'key-editor', 'mapping', body.id],
      ['mapping.update', 'key-editor', 'mapping', body.id],
      ['mapping.delete', 'key-admin', 'mapping', body.id],
    ]);
    expect(page.items[1]).toMatchObject({
      before: expect.objectContaining({ version: 1, description: DEFINITION.description }),
      after: expect.objectContaining({ version: 2, description: 'v2' }),
    });
    expect(await api.auditLog.verify('tenant-a')).toEqual({ ok: true, entries: 3 });
    expect(api.published.map((e) => [e.type, e.tenantid, e.subject, e.data])).toEqual([
      [
        MAPPING_CHANGED_EVENT_TYPE,
        'tenant-a',
        body.id,
        { mappingId: body.id, name: 'alert-to-ticket', change: 'created', version: 1 },
      ],
      [
        MAPPING_CHANGED_EVENT_TYPE,
        'tenant-a',
        body.id,
        { mappingId: body.id, name: 'alert-to-ticket', change: 'updated', version: 2 },
      ],
      [
        MAPPING_CHANGED_EVENT_TYPE,
        'tenant-a',
        body.id,
        { mappingId: body.id, name: 'alert-to-ticket', change: 'deleted', version: 2 },
      ],
    ]);
  });

  it('applies nothing when the audit append fails: no mapping, no version, no entry, no event', async () => {
    await api.refuseAuditWrites();
    await create().expect(500);
    expect(await api.count('mappings')).toBe(0);
    expect(await api.count('mapping_versions')).toBe(0);
    expect(await api.count('outbox_messages')).toBe(0);
    expect(api.published).toEqual([]);
  });

  it('lets viewers read and preview, editors and admins write, nobody else', async () => {
    const { body } = await create({}, 'admin').expect(201);
    const url = `/api/v1/mappings/${body.id}`;
    const denied = await create({ name: 'viewer-made' }, 'viewer').expect(403);
    expect(denied.body.detail).toMatch(/viewer does not grant mappings:write/);
    await create({ name: 'operator-made' }, 'operator').expect(403);
    await http().post('/api/v1/mappings/validate').set(as('viewer')).send(DEFINITION).expect(403);
    await http().patch(url).set(as('viewer')).set('If-Match', 'W/"1"').send({ description: 'x' }).expect(403);
    await http().delete(url).set(as('operator')).set('If-Match', 'W/"1"').expect(403);
    await http().get('/api/v1/mappings').expect(401);
    await http().get(url).set(as('operator')).expect(200);
    await http().post(`${url}/preview`).set(as('operator')).send({ sample: SAMPLE }).expect(200);
  });
});
