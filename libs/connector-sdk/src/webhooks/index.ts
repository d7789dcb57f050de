export type {
  BasicWebhookScheme,
  BearerWebhookScheme,
  HmacAlgorithm,
  HmacWebhookScheme,
  SignatureEncoding,
  WebhookAuthScheme,
  WebhookRejectionReason,
  WebhookRequest,
  WebhookSecrets,
  WebhookTimestampCheck,
  WebhookTimestampFormat,
  WebhookVerificationResult,
} from './webhook-auth-scheme';
export { webhookSchemeSecrets } from './webhook-auth-scheme';
export { verifyWebhook } from './webhook-verifier';
export { signWebhook } from './webhook-signer';
export { signHmac, buildSignedPayload } from './hmac-signature';
export type { SignHmacOptions } from './hmac-signature';
export { constantTimeEqual } from './constant-time';
export {
  DEFAULT_WEBHOOK_TOLERANCE_MS,
  parseWebhookTimestamp,
  formatWebhookTimestamp,
} from './webhook-timestamp';
