import { sealValidEvent, type CloudEvent } from '@switchboard/events';
import { ErrorCode, isSwitchboardError, type FieldError } from '@switchboard/errors';
import { toCloudEvent } from '../events/connector-event';
import { DEFAULT_WEBHOOK_CONTENT_TYPES, DEFAULT_WEBHOOK_MAX_BODY_BYTES } from '../manifest/manifest-document';
import {
  verifyWebhook,
  webhookSchemeSecrets,
  type WebhookAuthScheme,
  type WebhookRejectionReason,
  type WebhookRequest,
} from '../webhooks';
import type { ConnectorInstance } from './connector-instance';

/** Why the ingress refused a webhook; the HTTP status follows from it. */
export type WebhookRefusal =
  | { status: 401 | 403; reason: WebhookRejectionReason | 'not_configured'; message: string }
  | { status: 404; reason: 'no_webhook'; message: string }
  | { status: 413; reason: 'too_large'; message: string }
  | { status: 415; reason: 'unsupported_media_type'; message: string }
  | { status: 422; reason: 'invalid_payload'; message: string; errors: FieldError[] };

export type WebhookOutcome = { ok: true; events: CloudEvent[] } | ({ ok: false } & WebhookRefusal);

/**
 * Everything between the raw request and the events to publish, in the order that keeps
 * unauthenticated input away from connector code: size and media type, the declared auth schemes
 * (any one whose secrets are set on the instance must pass), the connector's own `verify`, JSON,
 * `parse`, and finally each event checked against the manifest and the canonical schema. Nothing
 * here publishes: the ingress does, and answers 202 only once the bus stored every event.
 *
 * Throws only what the sender cannot fix (a connector bug, the tool's API down inside `parse`):
 * the ingress answers that with a 5xx so the sender retries.
 */
export async function processWebhook<TConfig extends object>(
  instance: ConnectorInstance<TConfig>,
  request: WebhookRequest,
): Promise<WebhookOutcome> {
  const { manifest, hooks } = instance.definition;
  if (!manifest.webhook || !hooks.webhook)
    return {
      ok: false,
      status: 404,
      reason: 'no_webhook',
      message: `Connector ${manifest.id} takes no webhooks`,
    };

  const maxBytes = manifest.webhook.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES;
  if (request.rawBody.length > maxBytes)
    return { ok: false, status: 413, reason: 'too_large', message: `The body exceeds ${maxBytes} bytes` };
  const accepted = manifest.webhook.contentTypes ?? DEFAULT_WEBHOOK_CONTENT_TYPES;
  const mediaType = headerValue(request, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (!mediaType || !accepted.includes(mediaType))
    return {
      ok: false,
      status: 415,
      reason: 'unsupported_media_type',
      message: `Content-Type must be ${accepted.join(' or ')}${mediaType ? `, not ${mediaType}` : ''}`,
    };

  const refusal = authenticate(manifest.webhook.auth, instance.secrets, request);
  if (refusal) return { ok: false, ...refusal };
  if (hooks.webhook.verify) {
    const verdict = await hooks.webhook.verify(instance.context, request);
    if (!verdict.ok) return { ok: false, status: 403, reason: verdict.reason, message: verdict.message };
  }

  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return invalid('The body is not valid JSON', [{ path: 'body', message: 'must be valid JSON' }]);
  }

  let parsed;
  try {
    parsed = await hooks.webhook.parse(instance.context, { ...request, body });
  } catch (error) {
    if (isSwitchboardError(error) && error.code === ErrorCode.Validation)
      return invalid(instance.redactor.redactString(error.message), error.fieldErrors ?? []);
    throw error;
  }

  const origin = {
    tenantId: instance.context.tenantId,
    connectorType: manifest.id,
    instanceId: instance.context.instanceId,
  };
  const events: CloudEvent[] = [];
  for (const [i, connectorEvent] of parsed.entries()) {
    if (!manifest.emits.includes(connectorEvent.type))
      return invalid(`The connector produced ${connectorEvent.type}, which its manifest does not emit`, [
        { path: `events[${i}].type`, message: 'is not in the manifest’s emits' },
      ]);
    // Sealed: the bus's own validation on publish is then free (this is the hot ingest path).
    const result = sealValidEvent(toCloudEvent(connectorEvent, origin, request.receivedAt));
    if (!result.ok)
      return invalid(
        'The payload does not map to a valid canonical event',
        result.errors.map((e) => ({ path: `events[${i}].${e.path}`, message: e.message })),
      );
    events.push(result.event);
  }
  return { ok: true, events };
}

function invalid(message: string, errors: FieldError[]): WebhookOutcome {
  return { ok: false, status: 422, reason: 'invalid_payload', message, errors };
}

function headerValue(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * Refusal, or undefined when one of the declared schemes passed. Schemes whose secrets the
 * instance has not set are skipped; with none set at all, every request is refused: an instance
 * accepts webhooks only once an admin gave it a credential to check them against.
 */
function authenticate(
  schemes: readonly WebhookAuthScheme[],
  secrets: Readonly<Record<string, string | undefined>>,
  request: WebhookRequest,
): Extract<WebhookRefusal, { status: 401 | 403 }> | undefined {
  const usable = schemes.filter((scheme) => webhookSchemeSecrets(scheme).every((name) => secrets[name]));
  if (usable.length === 0) {
    const needed = schemes.map((scheme) => webhookSchemeSecrets(scheme).join(' + ')).join(' or ');
    return {
      status: 401,
      reason: 'not_configured',
      message: `This instance has no webhook credentials set (${needed}), so it accepts no webhooks`,
    };
  }
  let first: Extract<WebhookRefusal, { status: 401 | 403 }> | undefined;
  for (const scheme of usable) {
    const verdict = verifyWebhook(scheme, secrets, request);
    if (verdict.ok) return undefined;
    // A credential that was presented and failed (bad signature, stale timestamp) says more than
    // another scheme's credential being absent: report it, whatever the order of the schemes.
    if (!first || (first.reason === 'missing_credentials' && verdict.reason !== 'missing_credentials'))
      first = {
        status: verdict.reason === 'missing_credentials' ? 401 : 403,
        reason: verdict.reason,
        message: verdict.message,
      };
  }
  return first;
}
