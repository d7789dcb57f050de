import { join } from 'node:path';
import type { ConformanceSetup, ConnectorConformanceOptions } from '@switchboard/connector-testkit';
import { alertmanagerConnector } from '../alertmanager.connector';
import type { AlertmanagerConfig } from '../alertmanager.config';
import type { AlertsCursor } from '../alerts.poll';

/** The proxy credentials and webhook secrets of a conformance instance: distinctive, so leaks show. */
export const CONFORMANCE_CREDENTIALS = Object.freeze({
  apiUsername: 'hub-proxy',
  apiPassword: 'proxy-pass-4f1c9e',
  webhookUsername: 'am-sender-7d2b',
  webhookPassword: 'hook-pass-93ac51',
  webhookToken: 'hook-token-5e8f20',
});

/** What a conformance setup provides besides config and secrets: how many live silences there are. */
export interface AlertmanagerConformanceSetup extends ConformanceSetup {
  countLiveSilences(): Promise<number>;
}

/**
 * The conformance options of the connector, for an Alertmanager API (fake or real) reachable at
 * `setup().config.baseUrl` behind a proxy that wants {@link CONFORMANCE_CREDENTIALS}' basic auth
 * and holds at least one active alert.
 */
export function alertmanagerConformance(
  setup: () => Promise<AlertmanagerConformanceSetup>,
  options: { timeoutMs?: number } = {},
): ConnectorConformanceOptions<AlertmanagerConfig, AlertsCursor, AlertmanagerConformanceSetup> {
  const { apiUsername, ...secrets } = CONFORMANCE_CREDENTIALS;
  return {
    connector: alertmanagerConnector,
    setup: async () => {
      const ready = await setup();
      return {
        ...ready,
        config: { apiUsername, ...ready.config },
        secrets: { ...secrets, ...ready.secrets },
      };
    },
    badSecrets: (ready) => ({ ...ready.secrets, apiPassword: 'wrong-pass-0000' }),
    configForBaseUrl: (baseUrl, ready) => ({ ...ready.config, baseUrl }),
    fixtures: { webhooks: join(__dirname, '..', 'fixtures', 'webhooks') },
    poll: { farFutureCursor: { updatedAt: '2999-01-01T00:00:00.000Z' } },
    create: {
      action: 'silence.create',
      input: {
        matchers: [{ name: 'alertname', value: 'ConformanceProbe' }],
        duration: '1h',
        comment: 'Conformance: a retried create makes one silence',
      },
      count: (ready) => ready.countLiveSilences(),
    },
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
}
