import { runCheck } from '@switchboard/connector-sdk';
import { bindAlertmanager, fixtureJson } from './testing/alertmanager-fixtures';
import { startFakeAlertmanagerApi, type FakeAlertmanagerApi } from './testing/fake-alertmanager-api';

describe('Alertmanager check (GET /api/v2/status)', () => {
  let api: FakeAlertmanagerApi;
  beforeAll(async () => {
    api = await startFakeAlertmanagerApi({});
  });
  afterAll(() => api.close());
  const check = (config: Record<string, unknown> = {}, secrets?: Record<string, string>) =>
    runCheck(bindAlertmanager({ config: { baseUrl: api.url, ...config }, secrets }));

  it('reports the version and cluster status Alertmanager gives (captured answer)', async () => {
    api.routes = { 'GET /api/v2/status': () => ({ body: fixtureJson('api/status.json') }) };
    expect(await check()).toEqual({
      ok: true,
      status: 'ok',
      detail: 'Alertmanager 0.25.0 answered (cluster disabled)',
      remote: { version: '0.25.0', cluster: 'disabled', uptime: '2026-12-01T13:52:10.850Z' },
    });
  });

  it('says when no webhook credential is set', async () => {
    api.routes = { 'GET /api/v2/status': () => ({ body: fixtureJson('api/status.json') }) };
    expect((await check({}, {})).detail).toMatch(/no webhook credentials are set/);
  });

  it('sends the proxy credentials and reports refused ones as auth_failed, without the secret', async () => {
    const expected = `Basic ${Buffer.from('hub:proxy-pass').toString('base64')}`;
    api.routes = {
      'GET /api/v2/status': (request) =>
        request.headers.authorization === expected
          ? { body: fixtureJson('api/status.json') }
          : { status: 401, body: 'Unauthorized' },
    };
    expect((await check({ apiUsername: 'hub' }, { apiPassword: 'proxy-pass' })).status).toBe('ok');
    const refused = await check({ apiUsername: 'hub' }, { apiPassword: 'wrong-pass' });
    expect(refused).toMatchObject({ ok: false, status: 'auth_failed' });
    expect(refused.detail).not.toContain('wrong-pass');
    api.routes = {
      'GET /api/v2/status': (request) =>
        request.headers.authorization === 'Bearer proxy-token'
          ? { body: fixtureJson('api/status.json') }
          : { status: 403 },
    };
    expect((await check({}, { apiToken: 'proxy-token' })).status).toBe('ok');
  });

  it('reports a server that is not Alertmanager as misconfigured, and no server as unreachable', async () => {
    api.routes = { 'GET /api/v2/status': () => ({ body: { status: 'ok' } }) };
    expect(await check()).toMatchObject({ ok: false, status: 'misconfigured' });
    api.routes = {};
    expect(await check()).toMatchObject({ ok: false, status: 'misconfigured' });
    expect(await check({ baseUrl: 'http://127.0.0.1:1' })).toMatchObject({
      ok: false,
      status: 'unreachable',
    });
  });
});
