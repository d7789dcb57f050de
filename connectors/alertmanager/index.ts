// Prometheus Alertmanager connector: alerts in (webhook, reconciling poll), silences out.
export { alertmanagerConnector } from './alertmanager.connector';
export { AlertmanagerConfig } from './alertmanager.config';
export type { AlertsCursor } from './alerts.poll';
export { DEFAULT_SEVERITY_MAP } from './severity-map';
export {
  SilenceCreateInput,
  SilenceCreateOutput,
  SilenceExpireInput,
  SilenceExpireOutput,
  SilenceMatcherInput,
} from './silence.commands';
export type { WebhookAlert, WebhookPayload } from './webhook-payload';
