import {
  signWebhook,
  webhookSchemeSecrets,
  type WebhookAuthScheme,
  type WebhookManifest,
  type WebhookSecrets,
} from '@switchboard/connector-sdk';
import type { WebhookSigner, WebhookToSign } from '../conformance-options';

/** The secret fields a webhook scheme reads. */
export const schemeSecretFields = webhookSchemeSecrets;

/** The header names a scheme reads credentials from (lower-case). */
export function schemeHeaders(scheme: WebhookAuthScheme): string[] {
  switch (scheme.type) {
    case 'hmac':
      return [scheme.header, ...(scheme.timestamp ? [scheme.timestamp.header] : [])].map((h) =>
        h.toLowerCase(),
      );
    case 'bearer':
      return [(scheme.header ?? 'authorization').toLowerCase()];
    case 'basic':
      return ['authorization'];
  }
}

/** The schemes whose secrets are all set: those the ingress checks for this instance. */
export function usableSchemes(webhook: WebhookManifest, secrets: WebhookSecrets): WebhookAuthScheme[] {
  return webhook.auth.filter((scheme) => schemeSecretFields(scheme).every((field) => !!secrets[field]));
}

/** The credentials a sender following `scheme` attaches: signature (+ timestamp), token or Basic. */
export function schemeCredentials(
  scheme: WebhookAuthScheme,
  secrets: WebhookSecrets,
  request: WebhookToSign,
): Record<string, string> {
  switch (scheme.type) {
    case 'hmac':
      return signWebhook(scheme, secrets, request.rawBody, request.at);
    case 'bearer': {
      const header = (scheme.header ?? 'authorization').toLowerCase();
      const word = scheme.authScheme ?? (header === 'authorization' ? 'Bearer' : undefined);
      const token = secrets[scheme.tokenSecret] ?? '';
      return { [header]: word ? `${word} ${token}` : token };
    }
    case 'basic': {
      const pair = `${secrets[scheme.usernameSecret] ?? ''}:${secrets[scheme.passwordSecret] ?? ''}`;
      return { authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
    }
  }
}

/**
 * The default signer: credentials of the first declared scheme usable with the instance's
 * secrets. Signing with wrong secrets uses the scheme the right ones would use, so the refusal
 * tested is "wrong credential", not "no credential".
 */
export function manifestWebhookSigner(
  webhook: WebhookManifest,
  instanceSecrets: WebhookSecrets,
): WebhookSigner {
  const [scheme] = usableSchemes(webhook, instanceSecrets);
  return (request, secrets) => (scheme ? schemeCredentials(scheme, secrets, request) : {});
}
