import type { RunningHttpApp } from '@switchboard/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { hubEnv } from '../platform/platform-test-env';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { bearer, insertTenantAdminKey, KEY_IN_BANNER, startCapturingStdout } from './support/start-hub';

const targets: DatabaseTarget[] = databaseTargetsFor('admin audit API');

const OTHER_TENANT = 'audit-other-tenant';

interface Entry {
  seq: number;
  occurredAt: string;
  actor: { type: string; id: string };
  action: string;
  target: { type: string; id: string };
  before: unknown;
  after: unknown;
  requestId: string | null;
  hash: string;
  prevHash: string;
}

const start = (env: Record<string, string>) => startCapturingStdout(env);

describe('admin API: audit trail', () => {
  afterAll(async () => {
    for (const target of targets) await target.cleanup();
  });

  describe.each(targets)('on $dialect', (target) => {
    let hub: RunningHttpApp;
    let adminKey: string;
    let adminKeyId: string;
    let createdKeyId: string;
    let otherKey: string;
    const http = () => request(hub.app.getHttpServer());
    const list = async (query = '', key = adminKey): Promise<{ items: Entry[]; nextCursor: string | null }> =>
      (await http().get(`/api/v1/audit${query}`).set(bearer(key)).expect(200)).body;

    beforeAll(async () => {
      const options = await target.fresh();
      const started = await start(
        hubEnv(options.dataDir, {
          SWITCHBOARD_BUS: 'memory',
          ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
        }),
      );
      hub = started.hub;
      adminKey = KEY_IN_BANNER.exec(started.stdout)?.[1] ?? '';
      const keys = await http().get('/api/v1/api-keys').set(bearer(adminKey)).expect(200);
      adminKeyId = keys.body.items[0].id;

      const created = await http()
        .post('/api/v1/api-keys')
        .set(bearer(adminKey))
        .set('X-Request-Id', 'audit-e2e-create')
        .send({ name: 'to-revoke', role: 'operator' })
        .expect(201);
      createdKeyId = created.body.apiKey.id;
      await http()
        .post(`/api/v1/api-keys/${createdKeyId}/revoke`)
        .set(bearer(adminKey))
        .set('If-Match', created.headers.etag)
        .expect(200);
    });
    afterAll(() => hub?.close());

    it('lists the tenant entries newest first, attributed, with no key material', async () => {
      const page = await list();
      expect(page.nextCursor).toBeNull();
      expect(page.items.map((entry) => entry.action)).toEqual([
        'api_key.revoke',
        'api_key.create',
        'api_key.bootstrap',
      ]);
      expect(page.items.map((entry) => entry.seq)).toEqual([3, 2, 1]);
      const [revoke, create, bootstrap] = page.items;
      expect(bootstrap).toMatchObject({
        actor: { type: 'system', id: 'bootstrap' },
        prevHash: '0'.repeat(64),
      });
      expect(create).toMatchObject({
        actor: { type: 'api_key', id: adminKeyId },
        target: { type: 'api_key', id: createdKeyId },
        before: null,
        after: { name: 'to-revoke', role: 'operator', version: 1 },
        requestId: 'audit-e2e-create',
        prevHash: bootstrap!.hash,
      });
      expect(revoke).toMatchObject({
        actor: { type: 'api_key', id: adminKeyId },
        target: { type: 'api_key', id: createdKeyId },
        before: { revokedAt: null, version: 1 },
        after: { revokedAt: expect.any(String), version: 2 },
        prevHash: create!.hash,
      });
      expect(Object.keys(revoke!).sort()).toEqual(
        [
          'action',
          'actor',
          'after',
          'before',
          'hash',
          'occurredAt',
          'prevHash',
          'requestId',
          'seq',
          'target',
        ].sort(),
      );
      expect(new Date(revoke!.occurredAt).toISOString()).toBe(revoke!.occurredAt);
      const text = JSON.stringify(page);
      expect(text).not.toMatch(/sbk_|"signature"|"tenantId"/);
      expect(text).not.toContain(adminKey);
    });

    it('filters by actor, action, target and time', async () => {
      expect((await list(`?action=api_key.create`)).items.map((e) => e.seq)).toEqual([2]);
      expect((await list(`?actorId=${adminKeyId}`)).items.map((e) => e.seq)).toEqual([3, 2]);
      expect((await list('?actorId=bootstrap')).items.map((e) => e.seq)).toEqual([1]);
      expect((await list(`?targetType=api_key&targetId=${createdKeyId}`)).items.map((e) => e.seq)).toEqual([
        3, 2,
      ]);
      expect((await list('?targetId=nothing-like-this')).items).toEqual([]);

      // `from` is inclusive and `to` exclusive, on occurredAt.
      const all = (await list()).items;
      const pivot = all.find((entry) => entry.seq === 2)!.occurredAt;
      const at = (entry: Entry) => Date.parse(entry.occurredAt);
      const seqs = (entries: Entry[]) => entries.map((entry) => entry.seq);
      expect(seqs((await list(`?from=${encodeURIComponent(pivot)}`)).items)).toEqual(
        seqs(all.filter((entry) => at(entry) >= Date.parse(pivot))),
      );
      expect(seqs((await list(`?to=${encodeURIComponent(pivot)}`)).items)).toEqual(
        seqs(all.filter((entry) => at(entry) < Date.parse(pivot))),
      );
      expect(seqs((await list(`?from=${encodeURIComponent(pivot)}`)).items)).toContain(2);
      expect(seqs((await list(`?to=${encodeURIComponent(pivot)}`)).items)).not.toContain(2);
      expect((await list('?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z')).items).toEqual([]);
    });

    it('pages newest first with limit and cursor', async () => {
      for (let i = 0; i < 4; i++) {
        await http()
          .post('/api/v1/api-keys')
          .set(bearer(adminKey))
          .send({ name: `page-${i}`, role: 'viewer' })
          .expect(201);
      }
      const all = await list('?limit=200');
      expect(all.nextCursor).toBeNull();
      expect(all.items.map((e) => e.seq)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Entry[]; nextCursor: string | null } = await list(
          cursor ? `?limit=3&cursor=${cursor}` : '?limit=3',
        );
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((e) => e.seq));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
      const filtered = await list('?action=api_key.create&limit=2');
      expect(filtered.items.map((e) => e.seq)).toEqual([7, 6]);
      const rest = await list(`?action=api_key.create&limit=2&cursor=${filtered.nextCursor}`);
      expect(rest.items.map((e) => e.seq)).toEqual([5, 4]);
    });

    it('rejects invalid queries with a 400 problem naming each field', async () => {
      const bad = await http()
        .get('/api/v1/audit?limit=0&from=yesterday&to=2026-13-01&extra=1')
        .set(bearer(adminKey))
        .expect(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect([...new Set(bad.body.errors.map((e: { path: string }) => e.path))].sort()).toEqual([
        'extra',
        'from',
        'limit',
        'to',
      ]);
      await http().get('/api/v1/audit?limit=201').set(bearer(adminKey)).expect(400);
      const cursor = await http().get('/api/v1/audit?cursor=abc').set(bearer(adminKey)).expect(400);
      expect(cursor.body.errors.map((e: { path: string }) => e.path)).toEqual(['cursor']);
      const order = await http()
        .get('/api/v1/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')
        .set(bearer(adminKey))
        .expect(400);
      expect(order.body.errors.map((e: { path: string }) => e.path)).toEqual(['to']);
    });

    it('refuses audit:read to non-admin roles (403) and to no key (401)', async () => {
      for (const role of ['viewer', 'editor', 'operator', 'approver']) {
        const created = await http()
          .post('/api/v1/api-keys')
          .set(bearer(adminKey))
          .send({ name: `no-audit-${role}`, role })
          .expect(201);
        const res = await http().get('/api/v1/audit').set(bearer(created.body.key)).expect(403);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        await http().get('/api/v1/audit/verify').set(bearer(created.body.key)).expect(403);
      }
      await http().get('/api/v1/audit').expect(401);
      await http().get('/api/v1/audit/verify').expect(401);
    });

    it("never shows another tenant's entries, and each tenant verifies its own chain", async () => {
      const other = await insertTenantAdminKey(hub.app.get(DataSource), OTHER_TENANT);
      otherKey = other.key;
      const theirKey = await http()
        .post('/api/v1/api-keys')
        .set(bearer(other.key))
        .send({ name: 'theirs', role: 'viewer' })
        .expect(201);
      const theirId = theirKey.body.apiKey.id as string;

      const theirs = await list('', other.key);
      expect(theirs.items).toHaveLength(1);
      expect(theirs.items[0]).toMatchObject({ seq: 1, action: 'api_key.create', target: { id: theirId } });

      const ours = await list('?limit=200');
      expect(ours.items.map((e) => e.target.id)).not.toContain(theirId);
      expect((await list(`?targetId=${theirId}`)).items).toEqual([]);
      expect((await list('?actorId=00000000-0000-4000-8000-00000000a0d1')).items).toEqual([]);

      const theirVerify = await http().get('/api/v1/audit/verify').set(bearer(other.key)).expect(200);
      expect(theirVerify.body).toEqual({ ok: true, entries: 1 });
    });

    it('verifies the chain, then reports the first tampered entry with 200 ok:false', async () => {
      const total = (await list('?limit=200')).items.length;
      const ok = await http().get('/api/v1/audit/verify').set(bearer(adminKey)).expect(200);
      expect(ok.body).toEqual({ ok: true, entries: total });

      const dataSource = hub.app.get(DataSource);
      const sql =
        dataSource.options.type === 'postgres'
          ? 'UPDATE "audit_entries" SET "after" = $1 WHERE "tenant_id" = $2 AND "seq" = $3'
          : 'UPDATE "audit_entries" SET "after" = ? WHERE "tenant_id" = ? AND "seq" = ?';
      await dataSource.query(sql, ['{"revokedAt":null,"version":1}', 'default', 3]);

      const broken = await http().get('/api/v1/audit/verify').set(bearer(adminKey)).expect(200);
      expect(broken.body).toEqual({ ok: false, entries: 2, firstBrokenSeq: 3, reason: 'hash_mismatch' });
      // Only this tenant's chain is affected.
      const theirs = await http().get('/api/v1/audit/verify').set(bearer(otherKey)).expect(200);
      expect(theirs.body).toEqual({ ok: true, entries: 1 });
      // The edited entry still lists, showing what is stored now.
      const edited = await list('?limit=200');
      expect(edited.items.find((e) => e.seq === 3)!.after).toEqual({ revokedAt: null, version: 1 });
    });

    it('documents both routes as secured in /docs/openapi.json', async () => {
      const document = (await http().get('/docs/openapi.json').expect(200)).body;
      for (const path of ['/api/v1/audit', '/api/v1/audit/verify']) {
        expect(document.paths[path].get.security).toEqual([{ apiKey: [] }]);
      }
      const parameters = document.paths['/api/v1/audit'].get.parameters.map((p: { name: string }) => p.name);
      expect(parameters).toEqual(
        expect.arrayContaining([
          'actorId',
          'action',
          'targetType',
          'targetId',
          'from',
          'to',
          'limit',
          'cursor',
        ]),
      );
      expect(document.components.schemas.AuditEntryDto.properties.actor).toBeDefined();
      expect(document.components.schemas.AuditVerifyDto.properties.reason.enum).toContain('hash_mismatch');
    });
  });
});
