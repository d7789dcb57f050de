import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bindConnector,
  MemoryStateStore,
  type ConnectorInstance,
  type ConnectorStateStore,
  type WebhookRequest,
} from '@switchboard/connector-sdk';
import { alertmanagerConnector } from '../alertmanager.connector';
import type { AlertmanagerConfig } from '../alertmanager.config';

// Shared by the connector's specs: its captured fixtures, requests as Alertmanager sends them,
// and an instance bound the way the runtime binds one.

const FIXTURES = join(__dirname, '..', 'fixtures');

/** Webhook credentials the specs' instances expect (and their Alertmanagers send). */
export const WEBHOOK_SECRETS = Object.freeze({
  webhookUsername: 'alertmanager',
  webhookPassword: 'hook-s3cret:with colon',
  webhookToken: 'hook-token-123',
});

/** The raw bytes of `fixtures/<path>`, e.g. `webhooks/disk-full-firing.json`. */
export function fixtureBytes(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

/** `fixtures/<path>` parsed. */
export function fixtureJson<T = unknown>(path: string): T {
  return JSON.parse(fixtureBytes(path).toString('utf8')) as T;
}

/** A webhook as Alertmanager POSTs it: its headers (`fixtures/webhooks/*.headers.json`), basic auth. */
export function webhookRequest(
  body: Buffer | string | object,
  options: { authorization?: string | null; receivedAt?: Date } = {},
): WebhookRequest {
  const rawBody = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers = fixtureJson<Record<string, string>>('webhooks/disk-full-firing.headers.json');
  const authorization =
    options.authorization === undefined
      ? basicAuthorization(WEBHOOK_SECRETS.webhookUsername, WEBHOOK_SECRETS.webhookPassword)
      : options.authorization;
  return {
    headers: {
      ...headers,
      'content-length': String(rawBody.length),
      ...(authorization !== null && { authorization }),
    },
    rawBody,
    receivedAt: options.receivedAt ?? new Date('2026-12-01T14:00:00Z'),
  };
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Binds the connector to an instance like the runtime does; throws on a bad config. */
export function bindAlertmanager(
  options: {
    instanceId?: string;
    config?: Partial<Record<keyof AlertmanagerConfig, unknown>>;
    secrets?: Record<string, string>;
    state?: ConnectorStateStore;
    now?: () => Date;
  } = {},
): ConnectorInstance<AlertmanagerConfig> {
  const bound = bindConnector(alertmanagerConnector, {
    tenantId: 'acme',
    instanceId: options.instanceId ?? 'am-prod',
    config: { baseUrl: 'http://127.0.0.1:9093', ...options.config },
    secrets: options.secrets ?? { ...WEBHOOK_SECRETS },
    state: options.state ?? new MemoryStateStore(),
    now: options.now,
    // Specs must not sit out backoff waits.
    http: { sleep: async () => undefined, retry: { maxAttempts: 2 } },
  });
  if (!bound.ok) throw new Error(`bad test config: ${JSON.stringify(bound.errors)}`);
  return bound.instance;
}
