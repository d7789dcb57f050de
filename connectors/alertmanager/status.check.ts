import {
  checkFailed,
  checkPassed,
  type CheckResult,
  type ConnectorContext,
} from '@switchboard/connector-sdk';
import type { AlertmanagerConfig } from './alertmanager.config';
import type { AlertmanagerStatus } from './api-types';

/**
 * `GET /api/v2/status`: reachability, the proxy credentials if any (Alertmanager itself has no
 * auth), and what it says about itself. Also says when no webhook credential is set, because the
 * ingress then refuses every notification.
 */
export async function checkAlertmanager(ctx: ConnectorContext<AlertmanagerConfig>): Promise<CheckResult> {
  let status: AlertmanagerStatus | undefined;
  try {
    ({ data: status } = await ctx.http.get<AlertmanagerStatus>('/api/v2/status', { signal: ctx.signal }));
  } catch (error) {
    return checkFailed(error, 'Alertmanager status (GET /api/v2/status)');
  }
  const version = status?.versionInfo?.version;
  if (typeof version !== 'string')
    return {
      ok: false,
      status: 'misconfigured',
      detail: 'GET /api/v2/status answered, but not as Alertmanager does: is baseUrl the Alertmanager root?',
    };
  const cluster = status?.cluster?.status ?? 'unknown';
  const { webhookUsername, webhookToken } = ctx.config;
  const webhookNote =
    webhookUsername || webhookToken
      ? ''
      : '; no webhook credentials are set, so the hub refuses its notifications until they are';
  return checkPassed(`Alertmanager ${version} answered (cluster ${cluster})${webhookNote}`, {
    version,
    cluster,
    ...(typeof status?.uptime === 'string' && { uptime: status.uptime }),
  });
}
