import { randomUUID } from 'node:crypto';
import { runConnectorConformance, type VendorRequest } from '@switchboard/connector-testkit';
import type { GettableAlert, GettableSilence, PostableSilence } from './api-types';
import { alertmanagerConformance, CONFORMANCE_CREDENTIALS } from './testing/alertmanager-conformance';
import { fixtureJson } from './testing/alertmanager-fixtures';
import { jsonBody, startFakeAlertmanagerApi, type FakeApiRoute } from './testing/fake-alertmanager-api';

// The kit against a fake of Alertmanager's API behind a basic-auth proxy, serving the captured
// answers. test/connectors/alertmanager/alertmanager.conformance.e2e-spec.ts runs it against the
// real Alertmanager.

const PROXY_AUTHORIZATION = `Basic ${Buffer.from(
  `${CONFORMANCE_CREDENTIALS.apiUsername}:${CONFORMANCE_CREDENTIALS.apiPassword}`,
).toString('base64')}`;

runConnectorConformance(
  alertmanagerConformance(async () => {
    const silences: GettableSilence[] = [];
    const alerts = fixtureJson<GettableAlert[]>('api/alerts-active.json');
    const behindProxy =
      (route: FakeApiRoute): FakeApiRoute =>
      (request) =>
        request.headers.authorization === PROXY_AUTHORIZATION
          ? route(request)
          : { status: 401, body: 'Unauthorized' };
    const api = await startFakeAlertmanagerApi({
      'GET /api/v2/status': behindProxy(() => ({ body: fixtureJson('api/status.json') })),
      'GET /api/v2/alerts': behindProxy(() => ({ body: alerts })),
      'GET /api/v2/silences': behindProxy(() => ({ body: silences })),
      'POST /api/v2/silences': behindProxy((request: VendorRequest) => {
        const id = randomUUID();
        const posted = jsonBody<PostableSilence>(request);
        silences.push({ ...posted, id, updatedAt: new Date().toISOString(), status: { state: 'active' } });
        return { body: { silenceID: id } };
      }),
    });
    return {
      config: { baseUrl: api.url },
      secrets: {},
      countLiveSilences: async () => silences.filter((s) => s.status.state !== 'expired').length,
      teardown: () => api.close(),
    };
  }),
);
