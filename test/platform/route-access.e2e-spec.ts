import { listRouteAccess } from '@switchboard/auth';
import { HttpFastLane, bootstrapHttpApp, type RootModule } from '@switchboard/platform';
import { AdminApiModule } from '../../apps/admin-api/src/admin-api.module';
import { ConnectorRuntimeModule } from '../../apps/connector-runtime/src/connector-runtime.module';
import { HubModule } from '../../apps/hub/src/hub.module';
import { OrchestratorModule } from '../../apps/orchestrator/src/orchestrator.module';
import { hubEnv, tempDataDir } from './platform-test-env';

/**
 * Every HTTP route of every app must say who may call it: `@Requires(permission)` or an explicit
 * `@Public(reason)`. A new route without either fails here (and the guard refuses it at run time).
 */
// Also public by decision, in the apps with the admin API (hub, admin-api): `/docs` (Swagger UI) and
// `/docs/openapi.json`. Swagger registers them on the Express server, not as Nest controllers, so
// they are not listed here and the guard never sees them; test/admin/api-keys.e2e-spec.ts checks
// they are served without a key.
const PUBLIC_BY_DECISION = ['GET /healthz', 'GET /metrics', 'GET /readyz'];
// Webhook ingress, in the apps that run connectors: served from the HTTP fast lane (ahead of the
// Nest pipeline) and authenticated per delivery by the connector's own declared scheme
// (signature, basic or bearer), never by an API key (see test/runtime).
const WEBHOOK_INGRESS = ['POST /hooks/:instanceId'];

describe.each<[string, RootModule, string[]]>([
  ['hub', HubModule, WEBHOOK_INGRESS],
  ['admin-api', AdminApiModule, []],
  ['connector-runtime', ConnectorRuntimeModule, WEBHOOK_INGRESS],
  ['orchestrator', OrchestratorModule, []],
])('%s', (name, module, alsoPublic) => {
  const data = tempDataDir(`routes-${name}`);

  afterAll(() => data.remove());

  it('declares an access rule on every route, and exposes only the decided public ones', async () => {
    const app = await bootstrapHttpApp(module, {
      name,
      env: hubEnv(data.dir, { SWITCHBOARD_BUS: 'memory' }),
    });
    try {
      const routes = listRouteAccess(app.app);
      expect(routes.length).toBeGreaterThan(0);
      expect(routes.filter((route) => !route.access).map((route) => route.handler)).toEqual([]);
      const publicRoutes = routes.filter((route) => route.access?.kind === 'public');
      expect(publicRoutes.map((route) => `${route.method} ${route.path}`).sort()).toEqual(PUBLIC_BY_DECISION);
      for (const route of publicRoutes)
        expect(route.access).toMatchObject({ reason: expect.stringMatching(/\w{10,}/) });
      // Fast-lane routes skip the guard: each is public by an explicit, stated decision.
      const fastLane = app.app.get(HttpFastLane, { strict: false }).routes();
      expect(fastLane.map((route) => `${route.method} ${route.pattern}`).sort()).toEqual(alsoPublic);
      for (const route of fastLane) expect(route.reason).toMatch(/\w{10,}/);
    } finally {
      await app.close();
    }
  });
});
