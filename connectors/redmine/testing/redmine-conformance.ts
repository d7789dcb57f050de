import type { ServerResponse } from 'node:http';
import { pollPages, type ConnectorInstance } from '@switchboard/connector-sdk';
import {
  replyJson,
  type ConformanceSetup,
  type ConnectorConformanceOptions,
  type PaginationItem,
  type VendorRequest,
} from '@switchboard/connector-testkit';
import type { IssuesCursor } from '../issues.poll';
import type { RedmineConfig } from '../redmine.config';
import { redmineConnector } from '../redmine.connector';
import { fixtureJson } from './redmine-fixtures';

/** What a conformance setup provides besides config and secrets: how many issues Redmine holds. */
export interface RedmineConformanceSetup extends ConformanceSetup {
  countIssues(): Promise<number>;
}

/**
 * The conformance options of the connector, for a Redmine (fake or real) at
 * `setup().config.baseUrl` holding at least one issue, with project `itsm` and the marker field 1.
 */
export function redmineConformance(
  setup: () => Promise<RedmineConformanceSetup>,
  options: { timeoutMs?: number } = {},
): ConnectorConformanceOptions<RedmineConfig, IssuesCursor, RedmineConformanceSetup> {
  return {
    connector: redmineConnector,
    setup,
    badSecrets: (ready) => ({ ...ready.secrets, apiKey: 'revoked-redmine-key-0000000000000000' }),
    configForBaseUrl: (baseUrl, ready) => ({ ...ready.config, baseUrl }),
    poll: { farFutureCursor: { updatedOn: '2999-01-01T00:00:00Z', seen: [] } },
    pagination: { pageSize: 100, serve: servePaged, probe: listedIssues },
    create: {
      action: 'ticket.create',
      input: {
        title: 'Created by the conformance kit',
        description: 'A retried create makes **one** issue.',
        priority: 'high',
      },
      count: (ready) => ready.countIssues(),
    },
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
}

/** Every issue the poll of a fresh instance lists, as the kit's item ids. */
async function listedIssues(instance: ConnectorInstance<RedmineConfig>): Promise<string[]> {
  const listed: string[] = [];
  for await (const page of pollPages(instance, undefined))
    for (const event of page.events)
      if (event.type === 'io.switchboard.itsm.ticket.created.v1')
        listed.push(`item-${String(event.subject).padStart(4, '0')}`);
  return listed;
}

const LOOKUPS: Record<string, string> = {
  '/users/current.json': 'api/lookups/users-current.json',
  '/issue_statuses.json': 'api/lookups/issue-statuses.json',
  '/enumerations/issue_priorities.json': 'api/lookups/issue-priorities.json',
  '/trackers.json': 'api/lookups/trackers.json',
};

/**
 * Redmine's paging of `GET /issues.json?updated_on=>=…&sort=updated_on,id&offset&limit` over the
 * kit's items (issue id = position + 1, all updated in the same second, the worst case for a
 * boundary), and each issue with no journals.
 */
function servePaged(
  items: readonly PaginationItem[],
  request: VendorRequest,
  response: ServerResponse,
): void {
  const issue = (index: number) => ({
    ...fixtureJson<{ issue: object }>('api/issue-created.json').issue,
    id: index + 1,
    subject: `Paged issue ${index + 1}`,
    created_on: '2026-12-01T10:00:00Z',
    updated_on: '2026-12-01T10:00:00Z',
  });
  if (LOOKUPS[request.path]) return replyJson(response, 200, fixtureJson(LOOKUPS[request.path]!));
  const one = /^\/issues\/(\d+)\.json$/.exec(request.path);
  if (one) return replyJson(response, 200, { issue: { ...issue(Number(one[1]) - 1), journals: [] } });
  const offset = Number(request.query.get('offset') ?? 0);
  const limit = Math.min(Number(request.query.get('limit') ?? 25), 100);
  replyJson(response, 200, {
    issues: items.slice(offset, offset + limit).map((item) => issue(item.index)),
    total_count: items.length,
    offset,
    limit,
  });
}
