/**
 * How a connector's webhooks prove they come from the vendor, declared in the manifest so the
 * admin API can show it and the runtime ingress can enforce it without running connector code.
 * Secret values are never in the scheme: each scheme names fields of the instance's secret
 * config (`tokenSecret: 'webhookToken'`), resolved at verification time.
 */
export type WebhookAuthScheme = HmacWebhookScheme | BearerWebhookScheme | BasicWebhookScheme;

/** Digest algorithms vendors sign webhooks with (sha1 only for legacy senders such as old GitHub hooks). */
export type HmacAlgorithm = 'sha256' | 'sha1';

/** How the digest is written into the signature header. */
export type SignatureEncoding = 'hex' | 'base64';

/**
 * How a webhook timestamp is written: unix seconds (Slack, Stripe), unix milliseconds, ISO 8601,
 * or `auto` (digits only: 13 or more digits are milliseconds, fewer are seconds; else ISO).
 */
export type WebhookTimestampFormat = 'unix-seconds' | 'unix-ms' | 'iso' | 'auto';

/** Where the request's timestamp is and how far from "now" it may be (replay protection). */
export interface WebhookTimestampCheck {
  /** Header carrying the timestamp, e.g. `x-slack-request-timestamp`. Case-insensitive. */
  header: string;
  /**
   * When the header is a `key=value,key=value` list (Stripe's `t=…,v1=…`), the key holding the
   * timestamp. Omit when the header holds the timestamp alone.
   */
  key?: string;
  /** Default `auto`. */
  format?: WebhookTimestampFormat;
  /** How old (or how far in the future, for clock skew) a timestamp may be. Default 5 minutes. */
  toleranceMs?: number;
}

/**
 * An HMAC over the raw body (or over a "signed payload" built from a template), e.g.
 * GitHub `{ header: 'x-hub-signature-256', prefix: 'sha256=', encoding: 'hex' }`,
 * Slack `{ header: 'x-slack-signature', prefix: 'v0=', signedPayload: 'v0:${timestamp}:${body}',
 * timestamp: { header: 'x-slack-request-timestamp' } }`,
 * Stripe `{ header: 'stripe-signature', signatureKey: 'v1', signedPayload: '${timestamp}.${body}',
 * timestamp: { header: 'stripe-signature', key: 't' } }`.
 */
export interface HmacWebhookScheme {
  type: 'hmac';
  /** Name of the secret config field holding the signing secret. */
  secret: string;
  algorithm: HmacAlgorithm;
  /** Header carrying the signature. Case-insensitive. */
  header: string;
  encoding: SignatureEncoding;
  /** Text in front of the encoded digest, e.g. `sha256=` (GitHub) or `v0=` (Slack). */
  prefix?: string;
  /**
   * When the header is a `key=value,key=value` list, the key whose values are signatures
   * (`v1` for Stripe). Several values may be present (secret rotation): any match passes.
   */
  signatureKey?: string;
  /**
   * What is signed, with `${body}` (the raw body bytes) and `${timestamp}` (the timestamp exactly
   * as sent) placeholders. Default `${body}`.
   */
  signedPayload?: string;
  /**
   * Reject requests whose timestamp is outside the window. Only HMAC schemes have one: a
   * timestamp that is not covered by a signature proves nothing.
   */
  timestamp?: WebhookTimestampCheck;
}

/** A static token the vendor sends, by default as `Authorization: Bearer <token>`. */
export interface BearerWebhookScheme {
  type: 'bearer';
  /** Name of the secret config field holding the expected token. */
  tokenSecret: string;
  /** Header carrying the token. Default `authorization`. Case-insensitive. */
  header?: string;
  /**
   * Auth scheme word in front of the token. Default `Bearer` for the `authorization` header and
   * none for other headers (e.g. GitLab's `x-gitlab-token` carries the bare token).
   */
  authScheme?: string;
}

/** HTTP Basic credentials (`Authorization: Basic base64(user:password)`), e.g. Alertmanager. */
export interface BasicWebhookScheme {
  type: 'basic';
  /** Name of the secret config field holding the expected username. */
  usernameSecret: string;
  /** Name of the secret config field holding the expected password. */
  passwordSecret: string;
}

/** Why a webhook was rejected. Stable: the ingress maps them to metrics and audit records. */
export type WebhookRejectionReason =
  'missing_credentials' | 'bad_signature' | 'bad_credentials' | 'stale_timestamp' | 'malformed';

/**
 * The verdict. `message` is for logs and operators; it names headers and reasons, never the
 * expected secret nor the credential the caller presented.
 */
export type WebhookVerificationResult =
  { ok: true } | { ok: false; reason: WebhookRejectionReason; message: string };

/** What the ingress hands over: raw bytes exactly as received (signatures are over bytes). */
export interface WebhookRequest {
  /** Header names lower-cased, as Node's `IncomingMessage.headers` has them. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  rawBody: Buffer;
  receivedAt: Date;
}

/** The instance's secret config, by field name. */
export type WebhookSecrets = Readonly<Record<string, string | undefined>>;

/** The secret config fields a scheme reads (all must be set for the scheme to be usable). */
export function webhookSchemeSecrets(scheme: WebhookAuthScheme): string[] {
  switch (scheme.type) {
    case 'hmac':
      return [scheme.secret];
    case 'bearer':
      return [scheme.tokenSecret];
    case 'basic':
      return [scheme.usernameSecret, scheme.passwordSecret];
  }
}
