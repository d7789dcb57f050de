/**
 * Connector instances over HTTP on every dialect we ship: SQLite always, PostgreSQL when a server
 * is configured or the local default answers. Real database, real SecretBox and audit log, the
 * in-process bus, the access guard with an in-memory key store.
 */
import { randomBytes } from 'node:crypto';
import { InstancesModule, reencryptInstanceSecrets, runReencryptCommand } from '@switchboard/admin';
import { INSTANCE_CHANGED_EVENT_TYPE } from '@switchboard/events';
import {
  ExampleConnectorConfig,
  connectorTypes,
  exampleConnectorType,
} from '@switchboard/connector-registry';
import { DEFAULT_INSTANCE_CONCURRENCY, Secret } from '@switchboard/connector-sdk';
import { OutboxRelay } from '@switchboard/outbox';
import { SecretBox } from '@switchboard/secrets';
import { IsOptional, IsString } from 'class-validator';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { AdminTestApp, testKeys } from './support/admin-test-app';

/** The example type plus an optional secret, to see `null` remove a secret. */
class WithWebhookSecretConfig extends ExampleConnectorConfig {
  @Secret()
  @IsOptional()
  @IsString()
  webhookSecret?: string;
}

connectorTypes.register(exampleConnectorType);
connectorTypes.register({
  manifest: { ...exampleConnectorType.manifest, id: 'example-webhook', configClass: WithWebhookSecretConfig },
  hooks: exampleConnectorType.hooks,
});
/** The example type with a vendor rate-limit hint, for instances that override it. */
const HINT = { requestsPerSecond: 25, maxConcurrent: 2 };
connectorTypes.register({
  manifest: { ...exampleConnectorType.manifest, id: 'example-limited', rateLimit: HINT },
  hooks: exampleConnectorType.hooks,
});

const targets: DatabaseTarget[] = databaseTargetsFor('admin instances');

const TOKEN = 'tok-3f9a-super-secret-value';
const TOKEN_2 = 'tok-b71c-rotated-secret-value';
const CONFIG = { baseUrl: 'https://tracker.example.com', project: 'OPS' };

const keys = testKeys({
  admin: 'admin',
  viewer: 'viewer',
  operator: 'operator',
  other: ['admin', 'tenant-b'],
});

describe.each(targets)('connector instances on $dialect', (target) => {
  const api = new AdminTestApp({ imports: [InstancesModule], keys });
  const { http, as } = api;
  const create = (body: Record<string, unknown> = {}, who: keyof typeof keys = 'admin') =>
    http()
      .post('/api/v1/instances')
      .set(as(who))
      .send({
        connectorType: 'example',
        name: 'jira-prod',
        config: CONFIG,
        secrets: { apiToken: TOKEN },
        ...body,
      });
  const storedRow = async (
    id: string,
  ): Promise<{ secrets_sealed: string; config: string; limits: string | null }> => {
    const rows = (await api.dataSource.query(
      api.dataSource.options.type === 'postgres'
        ? 'SELECT * FROM connector_instances WHERE id = $1'
        : 'SELECT * FROM connector_instances WHERE id = ?',
      [id],
    )) as { secrets_sealed: string; config: string; limits: string | null }[];
    return rows[0]!;
  };

  beforeEach(() => api.start(target));
  afterEach(() => api.stop());
  afterAll(() => target.cleanup());

  it('creates an instance: the secret is never in the response, sealed in the database, opens only with its id as aad', async () => {
    const res = await create().expect(201);
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    expect(res.body).toMatchObject({
      connectorType: 'example',
      name: 'jira-prod',
      versionPin: '^1.0.0',
      config: CONFIG,
      secrets: { apiToken: { set: true } },
      enabled: true,
      version: 1,
    });
    expect(res.headers.etag).toBe('W/"1"');

    const row = await storedRow(res.body.id);
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect(JSON.parse(api.box.open(row.secrets_sealed, res.body.id))).toEqual({ apiToken: TOKEN });
    expect(() => api.box.open(row.secrets_sealed, 'another-instance')).toThrow();

    const got = await http().get(`/api/v1/instances/${res.body.id}`).set(as('viewer')).expect(200);
    expect(got.headers.etag).toBe('W/"1"');
    expect(JSON.stringify(got.body)).not.toContain(TOKEN);
  });

  it('refuses a bad config with 422 and path-qualified errors, and unknown fields', async () => {
    const bad = await create({
      config: { baseUrl: 'nope', project: 'OPS', colour: 'blue' },
      secrets: {},
    }).expect(422);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'config.baseUrl', message: 'must be a URL' },
        { path: 'config.colour', message: 'is not a known field' },
        { path: 'secrets.apiToken', message: 'is required' },
      ]),
    );
    const secretInConfig = await create({ config: { ...CONFIG, apiToken: TOKEN } }).expect(422);
    expect(JSON.stringify(secretInConfig.body)).not.toContain(TOKEN);
    expect(secretInConfig.body.errors).toContainEqual({
      path: 'config.apiToken',
      message: 'is a secret: send it in secrets',
    });
    const pinned = await create({ name: 'future', versionPin: '^2.0.0' }).expect(422);
    expect(pinned.body.errors).toEqual([
      { path: 'versionPin', message: '^2.0.0 does not match the installed example 1.0.0' },
    ]);
    const unknownType = await create({ connectorType: 'nope' }).expect(422);
    expect(unknownType.body.errors[0].path).toBe('connectorType');
    const unknownTopLevel = await create({ colour: 'blue' }).expect(400);
    expect(unknownTopLevel.body.errors[0].path).toBe('colour');
    await create().expect(201);
    await create().expect(409);
    expect(await api.dataSource.query('SELECT id FROM connector_instances')).toHaveLength(1);
  });

  it('requires If-Match to change or delete (428), refuses a stale one (412), applies a current one', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/instances/${body.id}`;
    await http().patch(url).set(as('admin')).send({ name: 'jira-main' }).expect(428);
    await http().patch(url).set(as('admin')).set('If-Match', '"7"').send({ name: 'jira-main' }).expect(412);
    const ok = await http()
      .patch(url)
      .set(as('admin'))
      .set('If-Match', '"1"')
      .send({ name: 'jira-main' })
      .expect(200);
    expect(ok.body).toMatchObject({ name: 'jira-main', version: 2 });
    expect(ok.headers.etag).toBe('W/"2"');
    await http().patch(url).set(as('admin')).set('If-Match', '"1"').send({ enabled: false }).expect(412);
    await http().delete(url).set(as('admin')).expect(428);
    await http().delete(url).set(as('admin')).set('If-Match', '"1"').expect(412);
    await http().delete(url).set(as('admin')).set('If-Match', '"2"').expect(204);
    await http().get(url).set(as('admin')).expect(404);
  });

  it('merges secrets: a value replaces, null removes, absent keeps', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/instances/${body.id}`;
    const kept = await http()
      .patch(url)
      .set(as('admin'))
      .set('If-Match', '"1"')
      .send({ config: { ...CONFIG, project: 'INFRA' } })
      .expect(200);
    expect(kept.body.secrets).toEqual({ apiToken: { set: true } });
    expect(JSON.parse(api.box.open((await storedRow(body.id)).secrets_sealed, body.id))).toEqual({
      apiToken: TOKEN,
    });

    await http()
      .patch(url)
      .set(as('admin'))
      .set('If-Match', '"2"')
      .send({ secrets: { apiToken: TOKEN_2 } })
      .expect(200);
    expect(JSON.parse(api.box.open((await storedRow(body.id)).secrets_sealed, body.id))).toEqual({
      apiToken: TOKEN_2,
    });

    // apiToken is required by the example type: removing it is refused, and nothing changes.
    const removed = await http()
      .patch(url)
      .set(as('admin'))
      .set('If-Match', '"3"')
      .send({ secrets: { apiToken: null } })
      .expect(422);
    expect(removed.body.errors).toContainEqual({ path: 'secrets.apiToken', message: 'is required' });
    expect(JSON.parse(api.box.open((await storedRow(body.id)).secrets_sealed, body.id))).toEqual({
      apiToken: TOKEN_2,
    });
  });

  it('keeps tenants apart: another tenant sees 404 and an empty list', async () => {
    const { body } = await create().expect(201);
    await http().get(`/api/v1/instances/${body.id}`).set(as('other')).expect(404);
    await http()
      .patch(`/api/v1/instances/${body.id}`)
      .set(as('other'))
      .set('If-Match', '"1"')
      .send({})
      .expect(404);
    await http().delete(`/api/v1/instances/${body.id}`).set(as('other')).set('If-Match', '"1"').expect(404);
    await http().post(`/api/v1/instances/${body.id}/test`).set(as('other')).expect(404);
    expect((await http().get('/api/v1/instances').set(as('other')).expect(200)).body).toEqual({
      items: [],
      nextCursor: null,
    });
    // The same name is free in another tenant.
    await create({}, 'other').expect(201);
  });

  it('pages the list with limit and cursor', async () => {
    for (const name of ['a', 'b', 'c']) await create({ name }).expect(201);
    const first = await http().get('/api/v1/instances?limit=2').set(as('viewer')).expect(200);
    expect(first.body.items.map((i: { name: string }) => i.name)).toEqual(['a', 'b']);
    const second = await http()
      .get(`/api/v1/instances?limit=2&cursor=${first.body.nextCursor}`)
      .set(as('viewer'))
      .expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ name: 'c' })], nextCursor: null });
    expect(JSON.stringify([first.body, second.body])).not.toContain(TOKEN);
    await http().get('/api/v1/instances?limit=0').set(as('viewer')).expect(400);
    await http().get('/api/v1/instances?cursor=bogus').set(as('viewer')).expect(400);
  });

  it('audits every change with secrets only as set/unset, and publishes instance.changed', async () => {
    const { body } = await create().expect(201);
    const url = `/api/v1/instances/${body.id}`;
    await http()
      .patch(url)
      .set(as('admin'))
      .set('If-Match', '"1"')
      .send({ secrets: { apiToken: TOKEN_2 } })
      .expect(200);
    await http().patch(url).set(as('admin')).set('If-Match', '"2"').send({ enabled: false }).expect(200);
    await http().delete(url).set(as('admin')).set('If-Match', '"3"').expect(204);

    const page = await api.auditLog.list({ tenantId: 'tenant-a', limit: 10, order: 'asc' });
    expect(page.items.map((e) => e.action)).toEqual([
      'instance.create',
      'instance.update',
      'instance.update',
      'instance.delete',
    ]);
    expect(page.items[0]).toMatchObject({
      actorId: 'key-admin',
      targetType: 'connector_instance',
      targetId: body.id,
      before: null,
      after: expect.objectContaining({ name: 'jira-prod', sealedFields: { set: ['apiToken'], unset: [] } }),
    });
    const raw = JSON.stringify(await api.dataSource.query('SELECT * FROM audit_entries'));
    expect(raw).not.toContain(TOKEN);
    expect(raw).not.toContain(TOKEN_2);
    expect(await api.auditLog.verify('tenant-a')).toEqual({ ok: true, entries: 4 });

    expect(api.published.map((e) => [e.type, e.source, e.tenantid, e.subject, e.data])).toEqual([
      [
        INSTANCE_CHANGED_EVENT_TYPE,
        '/hub/admin-api',
        'tenant-a',
        body.id,
        expect.objectContaining({ change: 'created', version: 1 }),
      ],
      [
        INSTANCE_CHANGED_EVENT_TYPE,
        '/hub/admin-api',
        'tenant-a',
        body.id,
        expect.objectContaining({ change: 'updated', version: 2 }),
      ],
      [
        INSTANCE_CHANGED_EVENT_TYPE,
        '/hub/admin-api',
        'tenant-a',
        body.id,
        expect.objectContaining({ change: 'disabled', version: 3 }),
      ],
      [
        INSTANCE_CHANGED_EVENT_TYPE,
        '/hub/admin-api',
        'tenant-a',
        body.id,
        expect.objectContaining({ change: 'deleted', version: 3 }),
      ],
    ]);
    expect(api.published[0]!.data).toEqual({
      instanceId: body.id,
      connectorType: 'example',
      change: 'created',
      version: 1,
    });
    expect(JSON.stringify(api.published)).not.toContain(TOKEN);
  });

  it('lets a viewer read but not write, and an operator test but not write', async () => {
    const { body } = await create().expect(201);
    const denied = await create({ name: 'viewer-made' }, 'viewer').expect(403);
    expect(denied.body.detail).toMatch(/viewer does not grant instances:write/);
    await http()
      .patch(`/api/v1/instances/${body.id}`)
      .set(as('viewer'))
      .set('If-Match', '"1"')
      .send({})
      .expect(403);
    await http().delete(`/api/v1/instances/${body.id}`).set(as('viewer')).set('If-Match', '"1"').expect(403);
    await http().post(`/api/v1/instances/${body.id}/test`).set(as('viewer')).expect(403);
    await http().get('/api/v1/instances').expect(401);
    await create({ name: 'operator-made' }, 'operator').expect(403);

    const tested = await http().post(`/api/v1/instances/${body.id}/test`).set(as('operator')).expect(200);
    // No connector runtime in this app: the answer says so (test/runtime runs real checks).
    expect(tested.body).toEqual({
      ok: false,
      status: 'no_runtime',
      detail: expect.stringMatching(/no connector runtime answered/),
    });
  });

  it('lists connector types with their config JSON Schema, secrets writeOnly', async () => {
    const list = await http().get('/api/v1/connector-types').set(as('viewer')).expect(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain('example');
    const one = await http().get('/api/v1/connector-types/example').set(as('viewer')).expect(200);
    expect(one.body).toMatchObject({
      id: 'example',
      version: '1.0.0',
      category: 'ticketing',
      secretFields: ['apiToken'],
    });
    expect(one.body.configSchema.properties.apiToken.writeOnly).toBe(true);
    expect(one.body.configSchema.additionalProperties).toBe(false);
    await http().get('/api/v1/connector-types/nope').set(as('viewer')).expect(404);
  });

  it('pages connector types like every other list', async () => {
    const all = (await http().get('/api/v1/connector-types').set(as('viewer')).expect(200)).body;
    expect(all.nextCursor).toBeNull();
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=1&cursor=${cursor}` : '?limit=1';
      const page = (await http().get(`/api/v1/connector-types${query}`).set(as('viewer')).expect(200)).body;
      expect(page.items).toHaveLength(1);
      ids.push(page.items[0].id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(all.items.map((t: { id: string }) => t.id));
    expect(ids.length).toBeGreaterThan(1);
  });

  it('re-encrypts every instance under a new key in one go; the old key no longer opens them', async () => {
    const first = (await create({ name: 'one' }).expect(201)).body;
    const second = (await create({ name: 'two' }, 'other').expect(201)).body;
    const newKey = randomBytes(32);
    const newBox = new SecretBox(newKey);

    await expect(reencryptInstanceSecrets(api.dataSource, api.masterKey, newKey)).resolves.toEqual({
      instances: 2,
      resealed: 2,
      alreadyCurrent: 0,
      // This suite signs its audit trail with a test key, so there is no stored signing key to re-seal.
      auditSigningKeyResealed: false,
    });
    for (const instance of [first, second]) {
      const sealed = (await storedRow(instance.id)).secrets_sealed;
      expect(JSON.parse(newBox.open(sealed, instance.id))).toEqual({ apiToken: TOKEN });
      expect(() => api.box.open(sealed, instance.id)).toThrow();
    }
    // Repeating is harmless.
    await expect(reencryptInstanceSecrets(api.dataSource, api.masterKey, newKey)).resolves.toMatchObject({
      resealed: 0,
    });
    // A wrong old key changes nothing at all.
    await expect(
      reencryptInstanceSecrets(api.dataSource, randomBytes(32), randomBytes(32)),
    ).rejects.toThrow();
    expect(JSON.parse(newBox.open((await storedRow(first.id)).secrets_sealed, first.id))).toEqual({
      apiToken: TOKEN,
    });
  });

  it('runs the re-encryption as a command with the keys from the environment', async () => {
    const { body } = await create().expect(201);
    const newKey = randomBytes(32);
    const lines: string[] = [];
    const env = {
      SWITCHBOARD_DATA_DIR: api.options.dataDir,
      ...(api.options.databaseUrl ? { DATABASE_URL: api.options.databaseUrl } : {}),
      SWITCHBOARD_MASTER_KEY_OLD: api.masterKey.toString('base64'),
      SWITCHBOARD_MASTER_KEY: newKey.toString('hex'),
    };
    expect(
      await runReencryptCommand({ SWITCHBOARD_MASTER_KEY: newKey.toString('hex') }, (l) => lines.push(l)),
    ).toBe(2);
    expect(await runReencryptCommand(env, (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toMatch(/Re-sealed the secrets of 1 connector instance/);
    const sealed = (await storedRow(body.id)).secrets_sealed;
    expect(JSON.parse(new SecretBox(newKey).open(sealed, body.id))).toEqual({ apiToken: TOKEN });
    expect(() => api.box.open(sealed, body.id)).toThrow();
    expect(JSON.stringify(lines)).not.toContain(api.masterKey.toString('base64'));
  });

  describe('limits: a per-instance override of the connector’s rate-limit hint', () => {
    const limited = (body: Record<string, unknown> = {}) =>
      create({ connectorType: 'example-limited', name: 'redmine-onprem', ...body });
    const patch = (id: string, version: number, body: Record<string, unknown>) =>
      http().patch(`/api/v1/instances/${id}`).set(as('admin')).set('If-Match', `"${version}"`).send(body);

    it('creates an instance with limits and shows them, merged over the hint, in every view', async () => {
      const res = await limited({ limits: { maxConcurrent: 16 } }).expect(201);
      expect(res.body).toMatchObject({
        limits: { maxConcurrent: 16 },
        effectiveLimits: { requestsPerSecond: HINT.requestsPerSecond, maxConcurrent: 16 },
        version: 1,
      });
      expect(JSON.parse((await storedRow(res.body.id)).limits!)).toEqual({ maxConcurrent: 16 });

      const got = await http().get(`/api/v1/instances/${res.body.id}`).set(as('viewer')).expect(200);
      expect(got.body.limits).toEqual({ maxConcurrent: 16 });
      expect(got.body.effectiveLimits).toEqual({ requestsPerSecond: 25, maxConcurrent: 16 });

      // Without an override: the hint, and the runtime default where the hint is silent.
      const plain = await limited({ name: 'redmine-saas' }).expect(201);
      expect(plain.body.limits).toBeNull();
      expect(plain.body.effectiveLimits).toEqual(HINT);
      expect((await storedRow(plain.body.id)).limits).toBeNull();
      const noHint = await create({ name: 'no-hint', limits: { requestsPerSecond: 0.5 } }).expect(201);
      expect(noHint.body.limits).toEqual({ requestsPerSecond: 0.5 });
      expect(noHint.body.effectiveLimits).toEqual({
        requestsPerSecond: 0.5,
        maxConcurrent: DEFAULT_INSTANCE_CONCURRENCY,
      });

      const list = await http().get('/api/v1/instances').set(as('viewer')).expect(200);
      expect(
        list.body.items.map((i: { name: string; limits: unknown; effectiveLimits: unknown }) => [
          i.name,
          i.limits,
          i.effectiveLimits,
        ]),
      ).toEqual([
        ['redmine-onprem', { maxConcurrent: 16 }, { requestsPerSecond: 25, maxConcurrent: 16 }],
        ['redmine-saas', null, HINT],
        ['no-hint', { requestsPerSecond: 0.5 }, { requestsPerSecond: 0.5, maxConcurrent: 4 }],
      ]);
    });

    it('changes limits on PATCH: an object replaces the override, absent keeps it, null removes it', async () => {
      const { body } = await limited({ limits: { maxConcurrent: 16 } }).expect(201);

      const replaced = await patch(body.id, 1, { limits: { requestsPerSecond: 400 } }).expect(200);
      expect(replaced.headers.etag).toBe('W/"2"');
      expect(replaced.body).toMatchObject({
        version: 2,
        limits: { requestsPerSecond: 400 },
        effectiveLimits: { requestsPerSecond: 400, maxConcurrent: HINT.maxConcurrent },
      });

      const kept = await patch(body.id, 2, { config: { ...CONFIG, project: 'INFRA' } }).expect(200);
      expect(kept.body).toMatchObject({ version: 3, limits: { requestsPerSecond: 400 } });
      expect(JSON.parse((await storedRow(body.id)).limits!)).toEqual({ requestsPerSecond: 400 });

      // A field sent as null follows the hint; the other stays overridden.
      const partly = await patch(body.id, 3, {
        limits: { requestsPerSecond: null, maxConcurrent: 64 },
      }).expect(200);
      expect(partly.body).toMatchObject({
        limits: { maxConcurrent: 64 },
        effectiveLimits: { requestsPerSecond: 25, maxConcurrent: 64 },
      });

      const removed = await patch(body.id, 4, { limits: null }).expect(200);
      expect(removed.body).toMatchObject({ version: 5, limits: null, effectiveLimits: HINT });
      expect((await storedRow(body.id)).limits).toBeNull();
      const got = await http().get(`/api/v1/instances/${body.id}`).set(as('viewer')).expect(200);
      expect(got.body).toMatchObject({ version: 5, limits: null, effectiveLimits: HINT });
    });

    it.each([
      [{ requestsPerSecond: 0 }, 'limits.requestsPerSecond', 'must be a positive number'],
      [{ requestsPerSecond: -5 }, 'limits.requestsPerSecond', 'must be a positive number'],
      [{ requestsPerSecond: 100_001 }, 'limits.requestsPerSecond', 'must not be greater than 100000'],
      [{ requestsPerSecond: '50' }, 'limits.requestsPerSecond', 'must be a number'],
      [{ maxConcurrent: 0 }, 'limits.maxConcurrent', 'must not be less than 1'],
      [{ maxConcurrent: 257 }, 'limits.maxConcurrent', 'must not be greater than 256'],
      [{ maxConcurrent: 2.5 }, 'limits.maxConcurrent', 'must be an integer number'],
      [{ maxConcurrent: 8, burst: 20 }, 'limits.burst', 'is not a known field'],
      [{}, 'limits', 'must set requestsPerSecond, maxConcurrent or both (null removes the override)'],
      [
        { maxConcurrent: null },
        'limits',
        'must set requestsPerSecond, maxConcurrent or both (null removes the override)',
      ],
    ])('refuses limits %j with a 422 naming %s, on create and on change', async (limits, path, message) => {
      const refused = await limited({ limits }).expect(422);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.errors).toEqual([{ path, message }]);
      expect(refused.body.detail).toBe(`1 field is invalid: ${path}`);
      expect(await api.count('connector_instances')).toBe(0);

      const { body } = await limited({ limits: { maxConcurrent: 8 } }).expect(201);
      const unchanged = await patch(body.id, 1, { limits }).expect(422);
      expect(unchanged.body.errors).toEqual([{ path, message }]);
      const got = await http().get(`/api/v1/instances/${body.id}`).set(as('viewer')).expect(200);
      expect(got.body).toMatchObject({ version: 1, limits: { maxConcurrent: 8 } });
    });

    it('names bad limits and a bad config together, and refuses limits that are not an object', async () => {
      const both = await limited({
        config: { ...CONFIG, baseUrl: 'nope' },
        limits: { requestsPerSecond: 100_001, maxConcurrent: 300 },
      }).expect(422);
      expect(both.body.errors).toEqual(
        expect.arrayContaining([
          { path: 'config.baseUrl', message: 'must be a URL' },
          { path: 'limits.requestsPerSecond', message: 'must not be greater than 100000' },
          { path: 'limits.maxConcurrent', message: 'must not be greater than 256' },
        ]),
      );
      expect(both.body.errors).toHaveLength(3);
      const scalar = await limited({ limits: 50 }).expect(400);
      expect(scalar.body.errors).toEqual([{ path: 'limits', message: 'limits must be an object' }]);
      expect(await api.count('connector_instances')).toBe(0);
    });

    it('audits a change of limits with limits before and after, and publishes instance.changed (updated)', async () => {
      const { body } = await limited().expect(201);
      await patch(body.id, 1, { limits: { maxConcurrent: 32 } }).expect(200);
      await patch(body.id, 2, { limits: null }).expect(200);

      const page = await api.auditLog.list({ tenantId: 'tenant-a', limit: 10, order: 'asc' });
      expect(page.items.map((e) => e.action)).toEqual([
        'instance.create',
        'instance.update',
        'instance.update',
      ]);
      expect(page.items[0]!.after).toMatchObject({ limits: null, effectiveLimits: HINT });
      expect(page.items[1]).toMatchObject({
        actorId: 'key-admin',
        targetId: body.id,
        before: expect.objectContaining({ version: 1, limits: null }),
        after: expect.objectContaining({
          version: 2,
          limits: { maxConcurrent: 32 },
          effectiveLimits: { requestsPerSecond: 25, maxConcurrent: 32 },
        }),
      });
      expect(page.items[2]).toMatchObject({
        before: expect.objectContaining({ version: 2, limits: { maxConcurrent: 32 } }),
        after: expect.objectContaining({ version: 3, limits: null }),
      });
      expect(await api.auditLog.verify('tenant-a')).toEqual({ ok: true, entries: 3 });

      expect(api.published.map((e) => [e.type, e.subject, e.data])).toEqual([
        [INSTANCE_CHANGED_EVENT_TYPE, body.id, expect.objectContaining({ change: 'created', version: 1 })],
        [INSTANCE_CHANGED_EVENT_TYPE, body.id, expect.objectContaining({ change: 'updated', version: 2 })],
        [INSTANCE_CHANGED_EVENT_TYPE, body.id, expect.objectContaining({ change: 'updated', version: 3 })],
      ]);
    });
  });

  describe('atomicity: the change, its audit entry and its event commit together', () => {
    it('applies nothing when the audit append fails: no instance, no entry, no event', async () => {
      // The audit store refuses writes from here on, as a full disk or a lost connection would.
      await api.refuseAuditWrites();
      const res = await create().expect(500);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(await api.count('connector_instances')).toBe(0);
      expect(await api.count('audit_entries')).toBe(0);
      expect(await api.count('outbox_messages')).toBe(0);
      expect(api.published).toEqual([]);
    });

    it('answers 201 while the bus is down, keeps the event in the outbox and publishes it once the bus is back', async () => {
      api.busDown = true;
      const { body } = await create().expect(201);
      expect(await api.count('connector_instances')).toBe(1);
      expect(
        (await api.auditLog.list({ tenantId: 'tenant-a', limit: 10 })).items.map((e) => e.action),
      ).toEqual(['instance.create']);
      expect(api.published).toEqual([]);
      expect(await api.count('outbox_messages')).toBe(1);

      api.busDown = false;
      const relay = api.app.get(OutboxRelay);
      // What the background pass does once the backoff has run out (its clock is the real one here).
      await api.dataSource.query('UPDATE outbox_messages SET next_attempt_at = created_at');
      expect(await relay.relayDue()).toBe(1);
      expect(api.published.map((e) => [e.type, e.subject])).toEqual([[INSTANCE_CHANGED_EVENT_TYPE, body.id]]);
      expect(await api.count('outbox_messages')).toBe(0);
    });
  });
});
