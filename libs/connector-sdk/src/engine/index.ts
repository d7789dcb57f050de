export { bindConnector } from './connector-instance';
export type { ConnectorInstance, ConnectorInstanceOptions } from './connector-instance';
export { processWebhook } from './webhook-pipeline';
export type { WebhookOutcome, WebhookRefusal } from './webhook-pipeline';
export { runAction, toEvents } from './action-pipeline';
export type { ActionOutcome } from './action-pipeline';
export { pollPages } from './poll-pipeline';
export type { PolledPage } from './poll-pipeline';
export { runCheck } from './check-runner';
