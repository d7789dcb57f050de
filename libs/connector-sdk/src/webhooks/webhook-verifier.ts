import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './constant-time';
import {
  DEFAULT_SIGNED_PAYLOAD,
  buildSignedPayload,
  decodeSignature,
  headerListValues,
} from './hmac-signature';
import type {
  BasicWebhookScheme,
  BearerWebhookScheme,
  HmacWebhookScheme,
  WebhookAuthScheme,
  WebhookRejectionReason,
  WebhookRequest,
  WebhookSecrets,
  WebhookVerificationResult,
} from './webhook-auth-scheme';
import { requireWebhookSecret } from './webhook-secret';
import {
  DEFAULT_WEBHOOK_TOLERANCE_MS,
  parseWebhookTimestamp,
  timestampWindowPosition,
} from './webhook-timestamp';

const ACCEPTED: WebhookVerificationResult = Object.freeze({ ok: true });

function reject(reason: WebhookRejectionReason, message: string): WebhookVerificationResult {
  return { ok: false, reason, message };
}

/** All values of a header, whether Node gave a string or (for repeated headers) an array. */
function headerValues(request: WebhookRequest, name: string): string[] {
  const value = request.headers[name.toLowerCase()];
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).filter((item) => item.length > 0);
}

/**
 * Checks a webhook request against the connector's declared scheme.
 *
 * Returns a verdict rather than throwing for anything the *caller* got wrong; throws a `validation`
 * `SwitchboardError` only when the *instance* is misconfigured (a secret field the scheme names is
 * empty or missing), because accepting a request signed with an empty key would be worse than
 * refusing all of them loudly.
 *
 * @param secrets the instance's secret config, by field name
 * @param now the instant the replay window is measured from; defaults to `request.receivedAt`
 *   so a request that waited in a queue is judged by when it arrived
 */
export function verifyWebhook(
  scheme: WebhookAuthScheme,
  secrets: WebhookSecrets,
  request: WebhookRequest,
  now: Date = request.receivedAt,
): WebhookVerificationResult {
  switch (scheme.type) {
    case 'hmac':
      return verifyHmac(scheme, secrets, request, now);
    case 'bearer':
      return verifyBearer(scheme, secrets, request);
    case 'basic':
      return verifyBasic(scheme, secrets, request);
  }
}

function verifyHmac(
  scheme: HmacWebhookScheme,
  secrets: WebhookSecrets,
  request: WebhookRequest,
  now: Date,
): WebhookVerificationResult {
  const secret = requireWebhookSecret(secrets, scheme.secret);
  const headers = headerValues(request, scheme.header);
  if (headers.length === 0)
    return reject('missing_credentials', `Signature header ${scheme.header} is missing`);

  const presented = scheme.signatureKey
    ? headers.flatMap((header) => headerListValues(header, scheme.signatureKey as string))
    : headers;
  if (presented.length === 0) {
    return reject('malformed', `Signature header ${scheme.header} has no ${scheme.signatureKey}= entry`);
  }

  let timestamp: string | undefined;
  if (scheme.timestamp) {
    const { header, key } = scheme.timestamp;
    const values = headerValues(request, header);
    timestamp = key ? values.flatMap((value) => headerListValues(value, key))[0] : values[0];
    if (timestamp === undefined) {
      return reject('malformed', `Timestamp ${key ? `${key}= in ` : ''}header ${header} is missing`);
    }
  }

  const template = scheme.signedPayload ?? DEFAULT_SIGNED_PAYLOAD;
  const payload = buildSignedPayload(template, request.rawBody, timestamp);
  const expected = createHmac(scheme.algorithm, secret).update(payload).digest();
  const prefix = scheme.prefix ?? '';

  let wellFormed = 0;
  let matched = false;
  for (const candidate of presented) {
    if (!candidate.startsWith(prefix)) continue;
    const digest = decodeSignature(candidate.slice(prefix.length), scheme.encoding);
    if (!digest) continue;
    wellFormed++;
    // No early exit: every candidate costs the same whichever one matches.
    matched = constantTimeEqual(digest, expected) || matched;
  }
  if (wellFormed === 0) {
    return reject(
      'malformed',
      `Signature in header ${scheme.header} is not a ${prefix ? `${prefix}-prefixed ` : ''}${scheme.encoding} digest`,
    );
  }
  if (!matched)
    return reject('bad_signature', `Signature in header ${scheme.header} does not match the body`);

  if (scheme.timestamp && timestamp !== undefined) {
    const at = parseWebhookTimestamp(timestamp, scheme.timestamp.format);
    if (!at) return reject('malformed', `Timestamp in header ${scheme.timestamp.header} cannot be read`);
    const tolerance = scheme.timestamp.toleranceMs ?? DEFAULT_WEBHOOK_TOLERANCE_MS;
    const position = timestampWindowPosition(at, now, tolerance);
    if (position === 'too_old') {
      return reject('stale_timestamp', `Timestamp is older than the ${tolerance / 1000}s replay window`);
    }
    if (position === 'in_future') {
      return reject('stale_timestamp', `Timestamp is more than ${tolerance / 1000}s in the future`);
    }
  }
  return ACCEPTED;
}

function verifyBearer(
  scheme: BearerWebhookScheme,
  secrets: WebhookSecrets,
  request: WebhookRequest,
): WebhookVerificationResult {
  const expected = requireWebhookSecret(secrets, scheme.tokenSecret);
  const header = (scheme.header ?? 'authorization').toLowerCase();
  const authScheme = scheme.authScheme ?? (header === 'authorization' ? 'Bearer' : undefined);
  const [value] = headerValues(request, header);
  if (value === undefined) return reject('missing_credentials', `Header ${header} is missing`);

  let token = value.trim();
  if (authScheme) {
    const match = /^(\S+)\s+(\S.*)$/.exec(token);
    if (!match || match[1].toLowerCase() !== authScheme.toLowerCase()) {
      return reject('malformed', `Header ${header} does not carry ${authScheme} credentials`);
    }
    token = match[2].trim();
  }
  return constantTimeEqual(token, expected)
    ? ACCEPTED
    : reject('bad_credentials', `Token in header ${header} is not the configured one`);
}

function verifyBasic(
  scheme: BasicWebhookScheme,
  secrets: WebhookSecrets,
  request: WebhookRequest,
): WebhookVerificationResult {
  const username = requireWebhookSecret(secrets, scheme.usernameSecret);
  const password = requireWebhookSecret(secrets, scheme.passwordSecret);
  const [value] = headerValues(request, 'authorization');
  if (value === undefined) return reject('missing_credentials', 'Header authorization is missing');

  const match = /^basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(value);
  const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0) return reject('malformed', 'Header authorization does not carry Basic credentials');

  // Both halves are always compared so the time taken does not reveal which one was wrong.
  const userOk = constantTimeEqual(decoded.slice(0, colon), username);
  const passwordOk = constantTimeEqual(decoded.slice(colon + 1), password);
  return userOk && passwordOk
    ? ACCEPTED
    : reject('bad_credentials', 'Basic credentials are not the configured ones');
}
