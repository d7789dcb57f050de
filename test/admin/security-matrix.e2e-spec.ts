/**
 * Access control on every route of the real hub, found with listRouteAccess (a new route is covered
 * the day it is added): bad keys get a 401 problem, each role gets exactly what PERMISSION_MATRIX
 * grants, public routes answer without a key, and another tenant's resources are 404.
 */
import { Logger } from '@nestjs/common';
import { PERMISSION_MATRIX, ROLES, type RouteAccess } from '@switchboard/auth';
import { ApiKey } from '@switchboard/persistence';
import {
  bearer,
  concretePath,
  expectProblem,
  resourcePrefix,
  startSecurityHub,
  verb,
  VALID_BODIES,
  type SecurityHub,
} from './support/security-hub';

Logger.overrideLogger(['error']);

const label = (route: RouteAccess) => `${route.method} ${route.path}`;

/** Routes whose `:id` is not a tenant's resource (the connector-type registry is global). */
const NOT_TENANT_SCOPED = new Set(['/api/v1/connector-types']);

describe('security: access matrix on every route', () => {
  let s: SecurityHub;
  let restoreThrottle: () => void;

  beforeAll(async () => {
    s = await startSecurityHub('security-matrix');
    restoreThrottle = s.disableThrottle();
  });
  afterAll(async () => {
    restoreThrottle?.();
    await s?.close();
  });

  const call = (route: RouteAccess, headers: Record<string, string>, path = concretePath(route.path)) =>
    s
      .http()
      [verb(route)](path)
      .set(headers)
      .send(isBodyless(route) ? undefined : {});

  const isBodyless = (route: RouteAccess) => route.method === 'GET' || route.method === 'HEAD';

  it('finds the routes, and each declares an access rule', () => {
    expect(s.routes.length).toBeGreaterThan(5);
    expect(s.routes.filter((route) => !route.access).map(label)).toEqual([]);
  });

  it('answers 401 problem details to a missing, malformed, unknown, expired or revoked key on every protected route', async () => {
    const badKeys: Array<[string, Record<string, string>, string]> = [
      ['none', {}, 'an API key is required'],
      ['malformed', bearer('not-a-key'), 'malformed'],
      ['malformed x-api-key', { 'X-Api-Key': 'sbk_short' }, 'malformed'],
      ['unknown', bearer('sbk_abcdefgh_' + 'A'.repeat(43)), 'not valid'],
      ['expired', bearer(s.expiredKey), 'expired'],
      ['revoked', bearer(s.revokedKey), 'revoked'],
    ];
    const failures: string[] = [];
    for (const route of s.routes.filter((r) => r.access?.kind === 'permission')) {
      for (const [name, headers, detail] of badKeys) {
        const res = await call(route, headers);
        if (res.status !== 401) {
          failures.push(`${label(route)} with ${name} key: ${res.status} ${res.text}`);
          continue;
        }
        expectProblem(res, 401);
        expect(res.body.detail).toContain(detail);
        // The key never comes back in the answer.
        for (const value of Object.values(headers))
          expect(res.text).not.toContain(value.replace(/^Bearer /, ''));
      }
    }
    expect(failures).toEqual([]);
  });

  it('gives each role 403 exactly where PERMISSION_MATRIX withholds the permission', async () => {
    const failures: string[] = [];
    for (const route of s.routes) {
      const access = route.access;
      if (access?.kind !== 'permission') continue;
      for (const role of ROLES) {
        const granted = PERMISSION_MATRIX[role].has(access.permission);
        const res = await call(route, bearer(s.keys[role]));
        if (res.status >= 500) failures.push(`${label(route)} as ${role}: ${res.status} ${res.text}`);
        if (granted && (res.status === 401 || res.status === 403))
          failures.push(
            `${label(route)} as ${role} (granted ${access.permission}): ${res.status} ${res.text}`,
          );
        if (!granted) {
          if (res.status !== 403)
            failures.push(`${label(route)} as ${role} (lacks ${access.permission}): ${res.status}`);
          else expectProblem(res, 403);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('serves the public routes without a key', async () => {
    const publicRoutes = s.routes.filter((route) => route.access?.kind === 'public');
    expect(publicRoutes.length).toBeGreaterThan(0);
    for (const route of publicRoutes) {
      const res = await s.http()[verb(route)](concretePath(route.path));
      expect([label(route), res.status]).toEqual([label(route), expect.any(Number)]);
      expect(res.status).not.toBe(401);
      expect(res.status).not.toBe(403);
      expect(res.status).toBeLessThan(500);
    }
    // Registered on Express by Swagger, outside the Nest router: public by decision too.
    await s.http().get('/docs/openapi.json').expect(200);
  });

  it("answers 404 to another tenant's resource on every route with an :id", async () => {
    const idRoutes = s.routes.filter(
      (route) => route.access?.kind === 'permission' && /\/:id(\/|$)/.test(route.path),
    );
    expect(idRoutes.length).toBeGreaterThan(0);
    const uncovered = idRoutes
      .map((route) => resourcePrefix(route.path))
      .filter((prefix) => !NOT_TENANT_SCOPED.has(prefix) && !(prefix in s.otherTenantIds));
    // A new route with an :id needs a fixture in the other tenant (test/admin/support/security-hub.ts).
    expect(uncovered).toEqual([]);

    const admin = s.keys.admin;
    const failures: string[] = [];
    for (const route of idRoutes) {
      const prefix = resourcePrefix(route.path);
      if (NOT_TENANT_SCOPED.has(prefix)) continue;
      const id = s.otherTenantIds[prefix];
      const path = concretePath(route.path, id);
      // A valid-looking change with the right If-Match, so only tenancy can refuse it.
      const body = VALID_BODIES[label(route)];
      const res = await s.http()[verb(route)](path).set(bearer(admin)).set('If-Match', 'W/"1"').send(body);
      if (res.status !== 404) failures.push(`${label(route)} on tenant B's ${id}: ${res.status} ${res.text}`);
      else {
        expectProblem(res, 404);
        expect(res.text).not.toContain('other-tenant');
      }
      // The owner still sees it, unchanged.
      if (route.method === 'GET') {
        await s.http().get(path).set(bearer(s.otherTenantKey)).expect(200);
      }
    }
    expect(failures).toEqual([]);

    // Nothing of tenant B changed, and tenant A's lists do not show it.
    const otherKeyRow = await s.dataSource
      .getRepository(ApiKey)
      .findOneByOrFail({ id: s.otherTenantIds['/api/v1/api-keys'] });
    expect(otherKeyRow).toMatchObject({ revokedAt: null, version: 1 });
    const instance = await s
      .http()
      .get(`/api/v1/instances/${s.otherTenantIds['/api/v1/instances']}`)
      .set(bearer(s.otherTenantKey))
      .expect(200);
    expect(instance.body).toMatchObject({ version: 1, enabled: true });
    for (const prefix of Object.keys(s.otherTenantIds)) {
      const list = await s.http().get(`${prefix}?limit=200`).set(bearer(admin)).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(s.otherTenantIds[prefix]);
    }
  });

  it('throttles repeated failed authentications with a 429 problem', async () => {
    restoreThrottle();
    const protectedRoute = s.routes.find((route) => route.access?.kind === 'permission')!;
    let res = await call(protectedRoute, bearer('nope'));
    for (let i = 0; i < 11 && res.status !== 429; i++) res = await call(protectedRoute, bearer('nope'));
    expectProblem(res, 429);
    // A valid key from the same client is throttled too until the window passes.
    expect((await call(protectedRoute, bearer(s.keys.admin))).status).toBe(429);
    restoreThrottle = s.disableThrottle();
  });
});
