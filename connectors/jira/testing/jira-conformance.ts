import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { runAction } from '@switchboard/connector-sdk';
import {
  replyJson,
  type ConformanceSetup,
  type ConnectorConformanceOptions,
} from '@switchboard/connector-testkit';
import { jiraConnector } from '../jira.connector';
import type { JiraConfig } from '../jira.config';
import type { FakeJira } from './fake-jira';
import { JIRA_CREDENTIALS } from './jira-testing';

/** A conformance setup: the fake Jira behind it. */
export interface JiraConformanceSetup extends ConformanceSetup {
  jira: FakeJira;
}

const PAGE_SIZE = 3;

/** The testkit's options for the connector against a fake Jira (`start` makes one per suite). */
export function jiraConformance(
  start: () => Promise<FakeJira>,
): ConnectorConformanceOptions<JiraConfig, unknown, JiraConformanceSetup> {
  const { email, apiToken, webhookSecret } = JIRA_CREDENTIALS;
  return {
    connector: jiraConnector,
    setup: async () => {
      const jira = await start();
      return {
        jira,
        config: { baseUrl: jira.url, email, projectKey: 'OPS' },
        secrets: { apiToken, webhookSecret },
        teardown: async () => {
          await jira.close();
          // A request that broke Atlassian's spec was answered 400 and failed its check; an answer of
          // the fake that breaks it would make every check meaningless.
          if (jira.violations.length > 0) throw new Error(`Spec violations:\n${jira.violations.join('\n')}`);
        },
      };
    },
    badSecrets: (ready) => ({ ...ready.secrets, apiToken: 'ATATT-revoked-token-0000' }),
    configForBaseUrl: (baseUrl, ready) => ({ ...ready.config, baseUrl }),
    fixtures: { webhooks: join(__dirname, '..', 'fixtures', 'webhooks') },
    pagination: {
      pageSize: PAGE_SIZE,
      // POST /rest/api/3/search/jql: cursor paging with nextPageToken, isLast on the last page.
      serve: (items, request, response) => {
        const body = JSON.parse(request.body || '{}') as { nextPageToken?: string; maxResults?: number };
        const start = body.nextPageToken
          ? Number(Buffer.from(body.nextPageToken, 'base64url').toString())
          : 0;
        const size = body.maxResults ?? 50;
        const page = items.slice(start, start + size);
        const more = start + size < items.length;
        replyJson(response, 200, {
          issues: page.map((item) => ({
            id: String(10000 + item.index),
            key: item.id,
            fields: { summary: `Item ${item.index}` },
          })),
          isLast: !more,
          ...(more && { nextPageToken: Buffer.from(String(start + size)).toString('base64url') }),
        });
      },
      probe: async (instance) => {
        const keys: string[] = [];
        let cursor: string | undefined;
        do {
          const { output } = await runAction(
            instance,
            'ticket.search',
            { query: 'project = OPS', limit: PAGE_SIZE, ...(cursor && { cursor }) },
            { idempotencyKey: randomUUID(), commandId: randomUUID(), attempt: 1 },
          );
          const page = output as { items: { externalRefs: { id: string }[] }[]; nextCursor?: string };
          keys.push(...page.items.map((item) => item.externalRefs[0]!.id));
          cursor = page.nextCursor;
        } while (cursor);
        return keys;
      },
    },
    create: {
      action: 'ticket.create',
      input: {
        title: 'Conformance: a retried create makes one issue',
        description: 'Made by the **conformance** kit.',
      },
      count: async (ready) => ready.jira.issues.size,
    },
  };
}
