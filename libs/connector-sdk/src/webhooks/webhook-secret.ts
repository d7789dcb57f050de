import { SwitchboardError } from '@switchboard/errors';
import type { WebhookSecrets } from './webhook-auth-scheme';

/**
 * The value of a secret field a scheme names. A missing or empty value is an instance
 * misconfiguration, not a bad request: an HMAC keyed with '' would accept forged signatures.
 * The error names the field, never a value.
 */
export function requireWebhookSecret(secrets: WebhookSecrets, field: string): string {
  const value = secrets[field];
  if (typeof value === 'string' && value.length > 0) return value;
  throw SwitchboardError.validation(`Webhook secret field '${field}' is not configured`, [
    { path: `secrets.${field}`, message: 'required by the webhook auth scheme' },
  ]);
}
