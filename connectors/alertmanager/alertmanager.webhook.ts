import type { ConnectorEvent, WebhookHooks } from '@switchboard/connector-sdk';
import type { AlertData } from '@switchboard/events';
import { alertEvent, type ObservedAlert } from './alert-mapper';
import type { AlertmanagerConfig } from './alertmanager.config';
import { isZeroTime, parseWebhookPayload, type WebhookAlert } from './webhook-payload';

/**
 * Webhook ingestion: one event per alert of the notification (a group notification carries
 * several, firing and resolved mixed). Stateless on purpose: this is the hub's hot ingest path,
 * and the same alert state always maps to the same event (same id), so a retried delivery, a
 * reminder or a second Alertmanager of an HA pair is stored once. The ingress has already checked
 * the basic or bearer credentials the manifest declares.
 */
export const alertmanagerWebhook: WebhookHooks<AlertmanagerConfig> = {
  parse(ctx, request): ConnectorEvent<AlertData>[] {
    const payload = parseWebhookPayload(request.body);
    if (payload.truncatedAlerts)
      ctx.logger.warn('Alertmanager truncated the notification: set max_alerts: 0 on the receiver', {
        truncatedAlerts: payload.truncatedAlerts,
        groupKey: payload.groupKey,
      });
    const externalUrl = ctx.config.externalUrl ?? httpUrlOrUndefined(payload.externalURL);
    const events: ConnectorEvent<AlertData>[] = [];
    for (const alert of payload.alerts) {
      events.push(
        alertEvent(fromWebhook(alert), { config: ctx.config, instanceId: ctx.instanceId, externalUrl }),
      );
    }
    return events;
  },
};

function fromWebhook(alert: WebhookAlert): ObservedAlert {
  return {
    fingerprint: alert.fingerprint,
    status: alert.status,
    labels: alert.labels,
    annotations: alert.annotations ?? {},
    startsAt: alert.startsAt,
    ...(alert.status === 'resolved' && alert.endsAt && !isZeroTime(alert.endsAt) && { endsAt: alert.endsAt }),
    ...(alert.generatorURL && { generatorURL: alert.generatorURL }),
  };
}

/** The payload's externalURL when it is usable in links (Alertmanager derives it from its flags). */
function httpUrlOrUndefined(url: string | undefined): string | undefined {
  return url && /^https?:\/\/[^\s]+$/i.test(url) ? url : undefined;
}
