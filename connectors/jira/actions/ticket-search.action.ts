import {
  SwitchboardError,
  type ActionHandler,
  type ConnectorContext,
  type TicketSearchInput,
  type TicketSearchOutput,
} from '@switchboard/connector-sdk';
import type { TicketData } from '@switchboard/events';
import { expectRecord, list, malformedResponse, text } from '../api/jira-json';
import { JiraPaths } from '../api/jira-paths';
import { jiraSession } from '../api/jira-session';
import { jqlAnd, jqlDateTime, jqlString } from '../api/jql';
import type { JiraConfig } from '../jira.config';
import { ISSUE_FIELDS, ticketFromIssue } from '../mapping/issue.mapper';
import { mappingContext } from '../mapping/mapping-context';
import { valueMaps } from '../mapping/value-maps';
import { markerJql } from './creation-marker';

/** Jira's fixed status category ids (JQL `statusCategory`), which unlike names are not translated. */
const CATEGORY_IDS = { new: 2, done: 3, indeterminate: 4 } as const;
const DEFAULT_LIMIT = 50;

/**
 * `ticket.search`: `POST /rest/api/3/search/jql` (the enhanced search: cursor paging through
 * `nextPageToken`, no total). The tool's own JQL and the canonical filters combine with AND; without
 * any, the instance's project bounds the query (the enhanced search refuses unbounded JQL).
 * Statuses are searched by category and then by the status map, and `updatedSince` to the minute
 * in the user's zone and then exactly, so a page may hold fewer items than `limit`.
 */
export const searchTickets: ActionHandler<JiraConfig, TicketSearchInput, TicketSearchOutput> = async (
  ctx,
  input,
) => {
  const mapping = mappingContext(ctx);
  const jql = await searchJql(ctx, input);
  const call = `POST ${JiraPaths.searchJql}`;
  const { data } = await ctx.http.post<unknown>(
    JiraPaths.searchJql,
    {
      jql,
      fields: [...ISSUE_FIELDS],
      maxResults: input.limit ?? DEFAULT_LIMIT,
      ...(input.cursor && { nextPageToken: input.cursor }),
    },
    { retry: true, signal: ctx.signal },
  );
  const page = expectRecord(call, data);
  if (page.issues !== undefined && !Array.isArray(page.issues))
    throw malformedResponse(call, 'issues is not a list', data);
  const since = input.updatedSince ? Date.parse(input.updatedSince) : undefined;
  const items: TicketData[] = list(page.issues)
    .map((issue) => ticketFromIssue(issue, mapping, (problem) => malformedResponse(call, problem, data)))
    .filter((ticket) => !input.statuses || input.statuses.includes(ticket.status))
    .filter((ticket) => since === undefined || !ticket.updatedAt || Date.parse(ticket.updatedAt) >= since);
  const next = text(page.nextPageToken);
  if (next === input.cursor && next !== undefined)
    throw SwitchboardError.permanent(
      `${call} returned the page token it was given: paging would not advance`,
    );
  return { items, ...(next && page.isLast !== true && { nextCursor: next }) };
};

async function searchJql(ctx: ConnectorContext<JiraConfig>, input: TicketSearchInput): Promise<string> {
  const maps = valueMaps(ctx.config);
  const own = input.query?.trim();
  const order = own ? /\s+ORDER\s+BY\s+[\s\S]*$/i.exec(own)?.[0] : undefined;
  const query = own && order ? own.slice(0, -order.length) : own;
  const categories = input.statuses
    ? [...new Set(input.statuses.map((status) => CATEGORY_IDS[maps.statusTarget(status).category]))]
    : undefined;
  const clauses = [
    query,
    input.project && `project = ${jqlString(input.project)}`,
    categories && `statusCategory in (${categories.join(', ')})`,
    input.updatedSince &&
      `updated >= ${jqlDateTime(new Date(input.updatedSince), (await jiraSession(ctx)).timeZone)}`,
    input.externalId &&
      (/^sb-[0-9a-f]{24}$/.test(input.externalId)
        ? markerJql(ctx.config, input.externalId)
        : `labels = ${jqlString(input.externalId)}`),
  ];
  const bounded = clauses.some(Boolean) ? clauses : [`project = ${jqlString(ctx.config.projectKey)}`];
  return `${jqlAnd(bounded)}${order ?? ' ORDER BY updated ASC, key ASC'}`;
}
