import { defineConnector, type HttpSettings } from '@switchboard/connector-sdk';
import { EventType } from '@switchboard/events';
import { ALERTMANAGER_ID } from './alert-mapper';
import { alertmanagerPoll, type AlertsCursor } from './alerts.poll';
import { AlertmanagerConfig } from './alertmanager.config';
import { alertmanagerWebhook } from './alertmanager.webhook';
import {
  SilenceCreateInput,
  SilenceCreateOutput,
  SilenceExpireInput,
  SilenceExpireOutput,
} from './silence.commands';
import { createSilence, expireSilence } from './silences.actions';
import { checkAlertmanager } from './status.check';

/** The platform HTTP client's settings: the API root, and the proxy credentials when there are some. */
function httpSettings(config: AlertmanagerConfig): HttpSettings {
  if (config.apiToken) return { baseUrl: config.baseUrl, auth: { type: 'bearer', token: config.apiToken } };
  if (config.apiUsername && config.apiPassword)
    return {
      baseUrl: config.baseUrl,
      auth: { type: 'basic', username: config.apiUsername, password: config.apiPassword },
    };
  return { baseUrl: config.baseUrl };
}

/**
 * Prometheus Alertmanager: alerts in through its webhook receiver (and a reconciling poll of the
 * active alerts), silences out. See connectors/alertmanager/README.md.
 */
export const alertmanagerConnector = defineConnector<AlertmanagerConfig, AlertsCursor>({
  manifest: {
    id: ALERTMANAGER_ID,
    version: '1.0.0',
    category: 'monitoring',
    displayName: 'Prometheus Alertmanager',
    description:
      'Alerts from Alertmanager webhook notifications (API v2 poll to reconcile), and silences created or expired on command.',
    configClass: AlertmanagerConfig,
    auth: [
      { type: 'none' },
      { type: 'basic', usernameField: 'apiUsername', passwordSecret: 'apiPassword' },
      { type: 'bearer', tokenSecret: 'apiToken' },
    ],
    emits: [EventType.AlertTriggered, EventType.AlertResolved],
    commands: {
      'silence.create': {
        description:
          'Creates a silence for the given matchers and window; one per idempotency key (marker in the comment).',
        input: SilenceCreateInput,
        output: SilenceCreateOutput,
        idempotent: false,
      },
      'silence.expire': {
        description: 'Expires a silence; an already expired or unknown silence counts as done.',
        input: SilenceExpireInput,
        output: SilenceExpireOutput,
        idempotent: true,
      },
    },
    webhook: {
      // As a receiver's http_config sends them: basic_auth, or authorization (type Bearer).
      auth: [
        { type: 'basic', usernameSecret: 'webhookUsername', passwordSecret: 'webhookPassword' },
        { type: 'bearer', tokenSecret: 'webhookToken' },
      ],
      contentTypes: ['application/json'],
    },
    poll: { intervalMs: 300_000, minIntervalMs: 15_000 },
    pagination: { style: 'none' },
  },
  hooks: {
    http: httpSettings,
    check: checkAlertmanager,
    webhook: alertmanagerWebhook,
    poll: alertmanagerPoll,
    actions: { 'silence.create': createSilence, 'silence.expire': expireSilence },
  },
});
