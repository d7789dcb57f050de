import { randomBytes } from 'node:crypto';
import { AdminKeyBootstrap, AuditTrail } from '@switchboard/admin';
import { AuditLog } from '@switchboard/audit';
import { generateApiKey } from '@switchboard/auth';
import { InProcessBus } from '@switchboard/bus';
import { loadConfig } from '@switchboard/config';
import { OutboxRelay } from '@switchboard/outbox';
import { ApiKey, openDataSource } from '@switchboard/persistence';
import type { RunningHttpApp } from '@switchboard/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AdminApiModule } from '../../apps/admin-api/src/admin-api.module';
import { HubModule } from '../../apps/hub/src/hub.module';
import { hubEnv, tempDataDir } from '../platform/platform-test-env';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { bearer, insertTenantAdminKey, KEY_IN_BANNER, startCapturingStdout } from './support/start-hub';
import { sleep, waitFor } from '../support/bus-fixtures';

const targets: DatabaseTarget[] = databaseTargetsFor('admin API keys');

/** Starts an app, capturing what it writes straight to stdout (the bootstrap banner). */
async function start(
  dataDir: string,
  extra: Record<string, string> = {},
  module = HubModule,
): Promise<{ hub: RunningHttpApp; stdout: string }> {
  return startCapturingStdout(hubEnv(dataDir, { SWITCHBOARD_BUS: 'memory', ...extra }), module);
}

describe('admin API: API keys', () => {
  const data = tempDataDir('admin-keys');
  afterAll(async () => {
    data.remove();
    for (const target of targets) await target.cleanup();
  });

  describe.each(targets)('with a generated bootstrap key, on $dialect', (target) => {
    let hub: RunningHttpApp;
    let adminKey: string;
    let firstStdout: string;
    let dataDir: string;
    let databaseEnv: Record<string, string>;
    const http = () => request(hub.app.getHttpServer());

    beforeAll(async () => {
      const options = await target.fresh();
      dataDir = options.dataDir;
      databaseEnv = options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {};
      const started = await start(dataDir, databaseEnv);
      hub = started.hub;
      firstStdout = started.stdout;
      adminKey = KEY_IN_BANNER.exec(firstStdout)?.[1] ?? '';
    });
    afterAll(() => hub?.close());

    it('prints the bootstrap admin key once, in a banner, and the key works', async () => {
      expect(firstStdout).toContain('bootstrap admin API key for tenant "default"');
      expect(adminKey).not.toBe('');
      const res = await http().get('/api/v1/api-keys').set(bearer(adminKey)).expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({ name: 'bootstrap', role: 'admin', createdBy: 'bootstrap' });
      expect(adminKey.startsWith(`sbk_${res.body.items[0].prefix}_`)).toBe(true);
    });

    it('does not print a key again on the next start, and the first key still works', async () => {
      await hub.close();
      const again = await start(dataDir, databaseEnv);
      hub = again.hub;
      expect(again.stdout).not.toMatch(/sbk_/);
      await http().get('/api/v1/api-keys').set(bearer(adminKey)).expect(200);
    });

    it('creates a key, shows it once, and never shows a key or hash in lists or reads', async () => {
      const created = await http()
        .post('/api/v1/api-keys')
        .set(bearer(adminKey))
        .send({ name: 'reporting', role: 'viewer' })
        .expect(201);
      expect(created.body.key).toMatch(/^sbk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
      expect(created.body.apiKey).toMatchObject({
        name: 'reporting',
        role: 'viewer',
        version: 1,
        revokedAt: null,
      });
      expect(created.headers.etag).toBe('W/"1"');
      const one = await http()
        .get(`/api/v1/api-keys/${created.body.apiKey.id}`)
        .set(bearer(adminKey))
        .expect(200);
      expect(one.headers.etag).toBe('W/"1"');
      const list = await http().get('/api/v1/api-keys').set(bearer(adminKey)).expect(200);
      const text = JSON.stringify([one.body, list.body]);
      expect(text).not.toContain(created.body.key);
      expect(text).not.toMatch(/"hash"|"key"/);
    });

    it('records when a key was last used, at most once a minute, without changing its version', async () => {
      const created = await http()
        .post('/api/v1/api-keys')
        .set(bearer(adminKey))
        .send({ name: 'dashboards', role: 'viewer' })
        .expect(201);
      const id = created.body.apiKey.id as string;
      expect(created.body.apiKey.lastUsedAt).toBeNull();
      const lastUsed = async () =>
        (await http().get(`/api/v1/api-keys/${id}`).set(bearer(adminKey)).expect(200)).body;

      await http().get('/api/v1/instances').set(bearer(created.body.key)).expect(200);
      await waitFor(async () => (await lastUsed()).lastUsedAt !== null);
      const first = await lastUsed();
      expect(Date.parse(first.lastUsedAt)).toBeLessThanOrEqual(Date.now());
      expect(first.version).toBe(1);

      await http().get('/api/v1/instances').set(bearer(created.body.key)).expect(200);
      await sleep(100);
      expect((await lastUsed()).lastUsedAt).toBe(first.lastUsedAt);
      // A failed authentication is not a use.
      await http()
        .get('/api/v1/instances')
        .set(bearer(`${created.body.key.slice(0, -2)}xx`))
        .expect(401);
      expect((await lastUsed()).lastUsedAt).toBe(first.lastUsedAt);
    });

    it('refuses api-keys:manage to a viewer key (403)', async () => {
      const viewer = await http()
        .post('/api/v1/api-keys')
        .set(bearer(adminKey))
        .send({ name: 'viewer', role: 'viewer' })
        .expect(201);
      const res = await http().get('/api/v1/api-keys').set(bearer(viewer.body.key)).expect(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      await http()
        .post('/api/v1/api-keys')
        .set(bearer(viewer.body.key))
        .send({ name: 'escalate', role: 'admin' })
        .expect(403);
    });

    it('rejects invalid bodies with a 400 problem', async () => {
      const res = await http()
        .post('/api/v1/api-keys')
        .set(bearer(adminKey))
        .send({ name: 'x', role: 'root', extra: 1 })
        .expect(400);
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['extra', 'role']);
      await http()
        .post('/api/v1/api-keys')
        .set(bearer(adminKey))
        .send({ name: 'past', role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' })
        .expect(400);
      // A name that displays as "deploy-txt.exe" but is stored otherwise, or hides characters.
      for (const name of ['deploy-\u202eexe.txt', 'ad\u200bmin']) {
        const bidi = await http()
          .post('/api/v1/api-keys')
          .set(bearer(adminKey))
          .send({ name, role: 'viewer' });
        expect(bidi.status).toBe(400);
        expect(bidi.body.errors).toEqual([
          { path: 'name', message: expect.stringMatching(/invisible formatting characters/) },
        ]);
      }
    });

    it('revokes with If-Match: 428 without it, 412 when stale, then the key gets 401', async () => {
      const created = await http()
        .post('/api/v1/api-keys')
        .set(bearer(adminKey))
        .send({ name: 'to-revoke', role: 'operator' })
        .expect(201);
      const id = created.body.apiKey.id as string;
      await http().get('/api/v1/api-keys').set(bearer(created.body.key)).expect(403);

      const missing = await http().post(`/api/v1/api-keys/${id}/revoke`).set(bearer(adminKey)).expect(428);
      expect(missing.body).toMatchObject({
        status: 428,
        type: 'urn:switchboard:problem:precondition-required',
      });
      const stale = await http()
        .post(`/api/v1/api-keys/${id}/revoke`)
        .set(bearer(adminKey))
        .set('If-Match', 'W/"7"')
        .expect(412);
      expect(stale.body).toMatchObject({ status: 412, type: 'urn:switchboard:problem:precondition-failed' });

      const revoked = await http()
        .post(`/api/v1/api-keys/${id}/revoke`)
        .set(bearer(adminKey))
        .set('If-Match', created.headers.etag)
        .expect(200);
      expect(revoked.body).toMatchObject({ id, version: 2, revokedAt: expect.any(String) });
      expect(revoked.headers.etag).toBe('W/"2"');

      const denied = await http().get('/api/v1/api-keys').set(bearer(created.body.key)).expect(401);
      expect(denied.body.detail).toBe('the API key has been revoked');
      await http()
        .post(`/api/v1/api-keys/${id}/revoke`)
        .set(bearer(adminKey))
        .set('If-Match', 'W/"2"')
        .expect(409);
    });

    it('gives an expired key a 401', async () => {
      const created = await http()
        .post('/api/v1/api-keys')
        .set(bearer(adminKey))
        .send({ name: 'short-lived', role: 'admin', expiresAt: new Date(Date.now() + 60_000).toISOString() })
        .expect(201);
      await http().get('/api/v1/api-keys').set(bearer(created.body.key)).expect(200);
      await hub.app
        .get(DataSource)
        .getRepository(ApiKey)
        .update({ id: created.body.apiKey.id }, { expiresAt: new Date(Date.now() - 1000) });
      const res = await http().get('/api/v1/api-keys').set(bearer(created.body.key)).expect(401);
      expect(res.body.detail).toBe('the API key has expired');
    });

    it('pages through the list with limit and an opaque cursor', async () => {
      for (let i = 0; i < 5; i++) {
        await http()
          .post('/api/v1/api-keys')
          .set(bearer(adminKey))
          .send({ name: `page-${i}`, role: 'viewer' })
          .expect(201);
      }
      const all = await http().get('/api/v1/api-keys?limit=200').set(bearer(adminKey)).expect(200);
      expect(all.body.nextCursor).toBeNull();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
        const page = await http().get(`/api/v1/api-keys${query}`).set(bearer(adminKey)).expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items.map((item: { id: string }) => item.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.items.map((item: { id: string }) => item.id));
      expect(new Set(seen).size).toBe(seen.length);

      await http().get('/api/v1/api-keys?limit=0').set(bearer(adminKey)).expect(400);
      await http().get('/api/v1/api-keys?limit=201').set(bearer(adminKey)).expect(400);
      await http().get('/api/v1/api-keys?cursor=bm9wZQ').set(bearer(adminKey)).expect(400);
    });

    it("never shows another tenant's keys", async () => {
      const otherId = '00000000-0000-4000-8000-000000000001';
      const other = await insertTenantAdminKey(hub.app.get(DataSource), 'other-tenant', otherId);
      const list = await http().get('/api/v1/api-keys?limit=200').set(bearer(adminKey)).expect(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(otherId);
      await http().get(`/api/v1/api-keys/${otherId}`).set(bearer(adminKey)).expect(404);
      await http()
        .post(`/api/v1/api-keys/${otherId}/revoke`)
        .set(bearer(adminKey))
        .set('If-Match', 'W/"1"')
        .expect(404);
      // ...and the other tenant's admin sees only its own.
      const theirs = await http().get('/api/v1/api-keys').set(bearer(other.key)).expect(200);
      expect(theirs.body.items.map((item: { id: string }) => item.id)).toEqual([otherId]);
    });

    it('audits bootstrap, create and revoke, attributed, with no key material', async () => {
      const auditLog = hub.app.get(AuditLog, { strict: false });
      const page = await auditLog.list({ tenantId: 'default', limit: 500, order: 'asc' });
      const actions = page.items.map((entry) => entry.action);
      expect(actions[0]).toBe('api_key.bootstrap');
      expect(actions).toContain('api_key.create');
      expect(actions).toContain('api_key.revoke');
      expect(page.items[0]).toMatchObject({ actorType: 'system', actorId: 'bootstrap' });
      const create = page.items.find((entry) => entry.action === 'api_key.create')!;
      expect(create).toMatchObject({ actorType: 'api_key', requestId: expect.any(String) });
      const revoke = page.items.find((entry) => entry.action === 'api_key.revoke')!;
      expect(revoke.before).toMatchObject({ revokedAt: null, version: 1 });
      expect(revoke.after).toMatchObject({ revokedAt: expect.any(String), version: 2 });
      const stored = JSON.stringify(page.items.map(({ before, after }) => ({ before, after })));
      expect(stored).not.toMatch(/sbk_|"hash"/);
      expect(stored).not.toContain(adminKey);
      expect(await auditLog.verify('default')).toEqual({ ok: true, entries: page.items.length });
    });

    it('serves /docs and /docs/openapi.json without a key, listing the api-keys routes as secured', async () => {
      await http().get('/docs').expect(200).expect('Content-Type', /html/);
      const res = await http().get('/docs/openapi.json').expect(200);
      const document = res.body;
      expect(document.info.title).toBe('Switchboard admin API');
      expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
      for (const path of ['/api/v1/api-keys', '/api/v1/api-keys/{id}', '/api/v1/api-keys/{id}/revoke']) {
        expect(document.paths[path]).toBeDefined();
        for (const operation of Object.values(document.paths[path]) as { security?: unknown }[])
          expect(operation.security).toEqual([{ apiKey: [] }]);
      }
      expect(document.paths['/api/v1/api-keys'].post.requestBody).toBeDefined();
      expect(document.components.schemas.CreatedApiKeyDto.properties.key.example).toMatch(/^sbk_/);
      expect(document.paths['/healthz'].get.security).toBeUndefined();
    });
  });

  describe('with SWITCHBOARD_ADMIN_KEY', () => {
    it('stores the configured key as the admin key, prints nothing, and audits it', async () => {
      const { key } = generateApiKey();
      const { hub, stdout } = await start(
        `${data.dir}/configured`,
        { SWITCHBOARD_ADMIN_KEY: key },
        AdminApiModule,
      );
      try {
        expect(stdout).not.toMatch(/sbk_/);
        const res = await request(hub.app.getHttpServer())
          .get('/api/v1/api-keys')
          .set(bearer(key))
          .expect(200);
        expect(res.body.items).toEqual([expect.objectContaining({ name: 'bootstrap', role: 'admin' })]);
        const audit = await hub.app.get(AuditLog, { strict: false }).list({ tenantId: 'default', limit: 10 });
        expect(audit.items.map((entry) => entry.action)).toEqual(['api_key.bootstrap']);
        expect(audit.items[0]!.after).toMatchObject({ source: 'SWITCHBOARD_ADMIN_KEY' });
      } finally {
        await hub.close();
      }
    });

    it('stops the start with a clear error when the value is not an sbk_ key', async () => {
      await expect(
        start(`${data.dir}/bad-format`, { SWITCHBOARD_ADMIN_KEY: 'a'.repeat(40) }),
      ).rejects.toThrow(/SWITCHBOARD_ADMIN_KEY is not an API key: it must look like sbk_/);
    });
  });

  describe.each(targets)('two replicas bootstrapping at once, on $dialect', (target) => {
    it('store and print exactly one admin key', async () => {
      const options = await target.fresh();
      const config = loadConfig(
        hubEnv(options.dataDir, options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      );
      // Two processes' worth of state: each its own connection pool, audit log and outbox.
      const replicas = await Promise.all(
        [1, 2].map(async () => {
          const dataSource = await openDataSource(options);
          const audit = new AuditTrail(
            new AuditLog(dataSource, { masterKey: randomBytes(32) }),
            new OutboxRelay(dataSource, new InProcessBus()),
          );
          return { dataSource, bootstrap: new AdminKeyBootstrap(config, audit) };
        }),
      );
      const printed: string[] = [];
      const write = process.stdout.write;
      process.stdout.write = ((chunk: string) => printed.push(chunk) > 0) as typeof process.stdout.write;
      try {
        await Promise.all(replicas.map((replica) => replica.bootstrap.onApplicationBootstrap()));
      } finally {
        process.stdout.write = write;
        for (const replica of replicas) await replica.dataSource.destroy();
      }
      expect(printed.join('').match(new RegExp(KEY_IN_BANNER.source, 'gm'))).toHaveLength(1);
      const check = await openDataSource(options);
      try {
        expect(await check.getRepository(ApiKey).countBy({ tenantId: 'default', role: 'admin' })).toBe(1);
      } finally {
        await check.destroy();
      }
    });
  });
});
