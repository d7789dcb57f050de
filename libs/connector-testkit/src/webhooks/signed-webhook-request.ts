import {
  DEFAULT_WEBHOOK_CONTENT_TYPES,
  type ConnectorManifest,
  type WebhookRequest,
  type WebhookSecrets,
} from '@switchboard/connector-sdk';
import type { WebhookFixture } from './webhook-fixtures';
import { manifestWebhookSigner } from './webhook-signing';

/**
 * A fixture as the ingress would receive it from the tool: its headers, a content type, and the
 * credentials of the first declared webhook scheme usable with `secrets`, signed at `at`. For a
 * connector's own specs (`processWebhook(instance, signedWebhookRequest(…))`).
 */
export function signedWebhookRequest(
  manifest: Pick<ConnectorManifest, 'webhook'>,
  secrets: WebhookSecrets,
  fixture: Pick<WebhookFixture, 'rawBody' | 'headers'>,
  at: Date = new Date(),
): WebhookRequest {
  const headers: Record<string, string> = {
    'content-type':
      (manifest.webhook?.contentTypes ?? DEFAULT_WEBHOOK_CONTENT_TYPES)[0] ?? 'application/json',
    ...fixture.headers,
  };
  if (manifest.webhook) {
    const credentials = manifestWebhookSigner(manifest.webhook, secrets)(
      { rawBody: fixture.rawBody, headers, at },
      secrets,
    );
    for (const [name, value] of Object.entries(credentials)) headers[name.toLowerCase()] = value;
  }
  return { headers, rawBody: fixture.rawBody, receivedAt: at };
}
