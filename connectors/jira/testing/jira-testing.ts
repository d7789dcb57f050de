import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bindConnector,
  MemoryStateStore,
  type ConnectorInstance,
  type ConnectorInstanceOptions,
  type ConnectorStateStore,
  type WebhookRequest,
} from '@switchboard/connector-sdk';
import { jiraConnector } from '../jira.connector';
import type { JiraConfig } from '../jira.config';
import { startFakeJira, type FakeJira, type FakeJiraOptions } from './fake-jira';
import { optionalJiraContract } from './openapi/jira-openapi-spec';

// Shared by the connector's specs: credentials, the captured fixtures, webhooks signed as Jira
// signs them, and instances bound the way the runtime binds one.

const FIXTURES = join(__dirname, '..', 'fixtures');

/** Distinctive credentials, so the testkit's leak hunt can find them anywhere. */
export const JIRA_CREDENTIALS = Object.freeze({
  email: 'switchboard@example.com',
  apiToken: 'ATATT3xFfGF0-jira-token-5d81c7',
  webhookSecret: 'jira-hook-secret-7e2a94',
});

export const BASIC_AUTHORIZATION = `Basic ${Buffer.from(`${JIRA_CREDENTIALS.email}:${JIRA_CREDENTIALS.apiToken}`).toString('base64')}`;

/** The raw bytes of `fixtures/<path>`. */
export function fixtureBytes(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

/** `X-Hub-Signature` as Jira computes it: `sha256=` + hex HMAC-SHA256 of the raw body. */
export function hubSignature(rawBody: Buffer, secret: string = JIRA_CREDENTIALS.webhookSecret): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** A webhook as Jira POSTs it: a fixture (`issue-created`) or a body, signed unless `signature` says otherwise. */
export function jiraWebhookRequest(
  fixtureOrBody: string | object,
  options: { signature?: string | null; receivedAt?: Date } = {},
): WebhookRequest {
  const rawBody =
    typeof fixtureOrBody === 'string'
      ? fixtureBytes(`webhooks/${fixtureOrBody}.json`)
      : Buffer.from(JSON.stringify(fixtureOrBody));
  const signature = options.signature === undefined ? hubSignature(rawBody) : options.signature;
  return {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Atlassian Webhook HTTP Client',
      ...(signature !== null && { 'x-hub-signature': signature }),
    },
    rawBody,
    receivedAt: options.receivedAt ?? new Date('2026-12-01T14:00:00Z'),
  };
}

/** Binds the connector like the runtime does; throws on a bad config. */
export function bindJira(
  options: {
    baseUrl?: string;
    config?: Partial<Record<keyof JiraConfig, unknown>>;
    secrets?: Record<string, string>;
    state?: ConnectorStateStore;
    instanceId?: string;
    /** Platform HTTP settings on top of the spec defaults (a recording sleep, a clock). */
    http?: ConnectorInstanceOptions['http'];
  } = {},
): ConnectorInstance<JiraConfig> {
  const { apiToken, webhookSecret, email } = JIRA_CREDENTIALS;
  const bound = bindConnector(jiraConnector, {
    tenantId: 'acme',
    instanceId: options.instanceId ?? 'jira-prod',
    config: {
      baseUrl: options.baseUrl ?? 'https://acme.atlassian.net',
      email,
      projectKey: 'OPS',
      ...options.config,
    },
    secrets: options.secrets ?? { apiToken, webhookSecret },
    state: options.state ?? new MemoryStateStore(),
    // Specs must not sit out backoff or rate-limit waits.
    http: { sleep: async () => undefined, retry: { maxAttempts: 2 }, rateLimit: undefined, ...options.http },
  });
  if (!bound.ok) throw new Error(`bad test config: ${JSON.stringify(bound.errors)}`);
  return bound.instance;
}

/** A fake Jira accepting {@link JIRA_CREDENTIALS}, checked against Atlassian's spec when it is there. */
export function startTestJira(options: Partial<FakeJiraOptions> = {}): Promise<FakeJira> {
  return startFakeJira({ authorization: BASIC_AUTHORIZATION, contract: optionalJiraContract(), ...options });
}
