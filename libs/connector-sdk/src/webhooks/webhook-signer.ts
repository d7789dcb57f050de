import {
  DEFAULT_SIGNED_PAYLOAD,
  buildSignedPayload,
  signHmac,
  templateUsesTimestamp,
} from './hmac-signature';
import type { HmacWebhookScheme, WebhookSecrets } from './webhook-auth-scheme';
import { requireWebhookSecret } from './webhook-secret';
import { formatWebhookTimestamp } from './webhook-timestamp';

/**
 * The headers a sender following `scheme` would attach to `rawBody` at `at`: the signature header
 * and, when the scheme has one, the timestamp (in its own header or as `key=` in a list header).
 * Mirrors {@link verifyWebhook}: the conformance testkit uses it to send a correctly signed
 * webhook, and connectors that emit webhooks use it to sign theirs.
 */
export function signWebhook(
  scheme: HmacWebhookScheme,
  secrets: WebhookSecrets,
  rawBody: Buffer,
  at: Date = new Date(),
): Record<string, string> {
  const secret = requireWebhookSecret(secrets, scheme.secret);
  const template = scheme.signedPayload ?? DEFAULT_SIGNED_PAYLOAD;
  const timestamp = scheme.timestamp ? formatWebhookTimestamp(at, scheme.timestamp.format) : undefined;
  if (templateUsesTimestamp(template) && timestamp === undefined) {
    throw new Error('The scheme signs ${timestamp} but declares no timestamp header');
  }
  const signature = signHmac({
    algorithm: scheme.algorithm,
    secret,
    payload: buildSignedPayload(template, rawBody, timestamp),
    encoding: scheme.encoding,
    prefix: scheme.prefix,
  });

  const signatureHeader = scheme.header.toLowerCase();
  const headers: Record<string, string> = {};
  const listEntries: string[] = [];
  if (scheme.timestamp && timestamp !== undefined) {
    const timestampHeader = scheme.timestamp.header.toLowerCase();
    if (scheme.timestamp.key && timestampHeader === signatureHeader) {
      listEntries.push(`${scheme.timestamp.key}=${timestamp}`);
    } else {
      headers[timestampHeader] = scheme.timestamp.key ? `${scheme.timestamp.key}=${timestamp}` : timestamp;
    }
  }
  if (scheme.signatureKey) {
    listEntries.push(`${scheme.signatureKey}=${signature}`);
    headers[signatureHeader] = listEntries.join(',');
  } else {
    headers[signatureHeader] = signature;
  }
  return headers;
}
