import { runCheck } from '@switchboard/connector-sdk';
import {
  startAlertmanagerTestServer,
  type AlertmanagerTestServer,
} from '../../support/alertmanager-test-server';
import {
  bindAlertmanager,
  WEBHOOK_SECRETS,
} from '../../../connectors/alertmanager/testing/alertmanager-fixtures';
import { BasicAuthProxy } from './support/basic-auth-proxy';
import { WebhookRecorder } from './support/webhook-recorder';

describe('Alertmanager check (real Alertmanager, directly and behind a basic-auth proxy)', () => {
  const sink = new WebhookRecorder();
  let alertmanager: AlertmanagerTestServer;
  let proxy: BasicAuthProxy;
  let proxyUrl: string;

  beforeAll(async () => {
    alertmanager = await startAlertmanagerTestServer({ webhookUrl: await sink.listen() });
    proxy = new BasicAuthProxy(alertmanager.url, 'hub', 'proxy-s3cret');
    proxyUrl = await proxy.listen();
  });
  afterAll(async () => {
    await proxy?.close();
    await alertmanager?.stop();
    await sink.close();
  });

  it("reports Alertmanager's version and cluster status", async () => {
    const result = await runCheck(bindAlertmanager({ config: { baseUrl: alertmanager.url } }));
    expect(result).toEqual({
      ok: true,
      status: 'ok',
      detail: expect.stringMatching(/^Alertmanager 0\.\d+\.\d+ answered \(cluster disabled\)$/),
      remote: {
        version: expect.stringMatching(/^0\.\d+\.\d+$/),
        cluster: 'disabled',
        uptime: expect.any(String),
      },
    });
  });

  it('passes with the proxy credentials and reports wrong ones as auth_failed', async () => {
    const check = (password: string) =>
      runCheck(
        bindAlertmanager({
          config: { baseUrl: proxyUrl, apiUsername: 'hub' },
          secrets: { ...WEBHOOK_SECRETS, apiPassword: password },
        }),
      );
    expect(await check('proxy-s3cret')).toMatchObject({
      ok: true,
      status: 'ok',
      remote: { cluster: 'disabled' },
    });
    const refused = await check('wrong-s3cret');
    expect(refused).toMatchObject({ ok: false, status: 'auth_failed' });
    expect(refused.detail).not.toContain('wrong-s3cret');
    const anonymous = await runCheck(bindAlertmanager({ config: { baseUrl: proxyUrl } }));
    expect(anonymous).toMatchObject({ ok: false, status: 'auth_failed' });
  });

  it('reports a stopped Alertmanager as unreachable', async () => {
    // Never notifies (no alerts): the webhook URL does not matter.
    const other = await startAlertmanagerTestServer({ webhookUrl: 'http://127.0.0.1:9/unused' });
    await other.stop();
    expect(await runCheck(bindAlertmanager({ config: { baseUrl: other.url } }))).toMatchObject({
      ok: false,
      status: 'unreachable',
    });
  });
});
