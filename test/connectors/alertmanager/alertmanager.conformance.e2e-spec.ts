import { runConnectorConformance } from '@switchboard/connector-testkit';
import { startAlertmanagerTestServer } from '../../support/alertmanager-test-server';
import {
  alertmanagerConformance,
  CONFORMANCE_CREDENTIALS,
} from '../../../connectors/alertmanager/testing/alertmanager-conformance';
import { BasicAuthProxy } from './support/basic-auth-proxy';

// The conformance kit against the real Alertmanager, behind a basic-auth proxy so that bad
// credentials can be refused (Alertmanager has no auth of its own), holding one active alert.

runConnectorConformance(
  alertmanagerConformance(
    async () => {
      const alertmanager = await startAlertmanagerTestServer({ webhookUrl: 'http://127.0.0.1:9/unused' });
      const proxy = new BasicAuthProxy(
        alertmanager.url,
        CONFORMANCE_CREDENTIALS.apiUsername,
        CONFORMANCE_CREDENTIALS.apiPassword,
      );
      try {
        const baseUrl = await proxy.listen();
        await alertmanager.postAlerts([
          { labels: { alertname: 'ConformanceProbe', instance: 'probe01:9100', severity: 'info' } },
        ]);
        return {
          config: { baseUrl },
          secrets: {},
          countLiveSilences: async () =>
            (await alertmanager.listSilences()).filter((s) => s.status.state !== 'expired').length,
          teardown: async () => {
            await proxy.close();
            await alertmanager.stop();
          },
        };
      } catch (error) {
        await proxy.close();
        await alertmanager.stop();
        throw error;
      }
    },
    { timeoutMs: 60_000 },
  ),
);
