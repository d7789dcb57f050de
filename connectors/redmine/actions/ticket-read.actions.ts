import type {
  ActionHandler,
  ConnectorContext,
  QueryParams,
  TicketGetInput,
  TicketGetOutput,
  TicketSearchInput,
  TicketSearchOutput,
} from '@switchboard/connector-sdk';
import type { TicketData } from '@switchboard/events';
import type { RedmineIssue } from '../api/redmine-api.types';
import { catalogOf } from '../api/redmine-catalog';
import { readAnswer, readIssueBody, readIssueList } from '../api/redmine-payloads';
import { toRedmineSecond } from '../api/redmine-time';
import { ticketData } from '../mapping/issue-mapper';
import { vocabularyFor } from '../mapping/issue-vocabulary';
import { canonicalStatus, valueMapsOf } from '../mapping/value-maps';
import type { RedmineConfig } from '../redmine.config';
import { invalid, issueNumber } from './issue-fields';

type Ctx = ConnectorContext<RedmineConfig>;

const REDMINE_PAGE = 100;
const DEFAULT_LIMIT = 25;
/** Parameters the connector sets itself: a query may not override them. */
const RESERVED = new Set(['key', 'offset', 'limit', 'page', 'per_page', 'format', 'include']);

/** `ticket.get`: `GET /issues/N.json`, in the canonical model. */
export const getTicket: ActionHandler<RedmineConfig, TicketGetInput, TicketGetOutput> = async (
  ctx,
  input,
) => {
  const id = issueNumber(input.ticketId, 'input.ticketId');
  const { data } = await ctx.http.get<unknown>(`/issues/${id}.json`, { signal: ctx.signal });
  const issue = readAnswer(`GET /issues/${id}.json`, data, readIssueBody);
  return { ticket: (await mapIssues(ctx, [issue]))[0]! };
};

/**
 * `ticket.search`: `GET /issues.json` with the canonical filters turned into Redmine's (statuses
 * into the ids of every Redmine status mapped to them, `externalId` into the marker field's
 * filter) over a Redmine query string (`tracker_id=1&assigned_to_id=me`), which they override.
 * Newest first unless the query sorts; `nextCursor` is the next offset.
 */
export const searchTickets: ActionHandler<RedmineConfig, TicketSearchInput, TicketSearchOutput> = async (
  ctx,
  input,
) => {
  const limit = input.limit ?? DEFAULT_LIMIT;
  const start = input.cursor === undefined ? 0 : Number(input.cursor);
  if (!Number.isInteger(start) || start < 0)
    throw invalid('input.cursor', 'must be the nextCursor of a previous search');
  const query: Record<string, string> = { sort: 'updated_on:desc,id:desc', ...rawQuery(input.query) };
  query.project_id = input.project ?? query.project_id ?? ctx.config.project;
  query.status_id = input.statuses ? await statusIds(ctx, input.statuses) : (query.status_id ?? '*');
  if (input.updatedSince !== undefined)
    query.updated_on = `>=${toRedmineSecond(Date.parse(input.updatedSince))}`;
  if (input.externalId !== undefined) query[`cf_${ctx.config.markerFieldId}`] = input.externalId;

  const issues: RedmineIssue[] = [];
  let total = 0;
  for (let offset = start; issues.length < limit;) {
    const size = Math.min(REDMINE_PAGE, limit - issues.length);
    const { data } = await ctx.http.get<unknown>('/issues.json', {
      query: { ...query, offset, limit: size } satisfies QueryParams,
      signal: ctx.signal,
    });
    const page = readAnswer('GET /issues.json', data, readIssueList);
    issues.push(...page.issues);
    total = page.total_count;
    offset += page.issues.length;
    if (page.issues.length < size || offset >= total) break;
  }
  const next = start + issues.length;
  return {
    items: await mapIssues(ctx, issues),
    total,
    ...(next < total && { nextCursor: String(next) }),
  };
};

async function mapIssues(ctx: Ctx, issues: RedmineIssue[]): Promise<TicketData[]> {
  const vocabulary = await vocabularyFor(ctx, issues);
  const mapping = {
    config: ctx.config,
    instanceId: ctx.instanceId,
    maps: valueMapsOf(ctx.config),
    vocabulary,
  };
  return issues.map((issue) => ticketData(issue, mapping));
}

function rawQuery(query: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams((query ?? '').replace(/^\?/, ''))) {
    if (RESERVED.has(name)) throw invalid('input.query', `must not set ${name}: the connector pages itself`);
    params[name] = value;
  }
  return params;
}

/** Every Redmine status whose canonical status is one of `statuses`, as Redmine's `1|3` filter. */
async function statusIds(ctx: Ctx, statuses: readonly string[]): Promise<string> {
  const maps = valueMapsOf(ctx.config);
  const ids = (await catalogOf(ctx).statuses(ctx))
    .filter((status) => statuses.includes(canonicalStatus(maps, status.name, status.is_closed)))
    .map((status) => status.id);
  if (ids.length === 0)
    throw invalid('input.statuses', `match no Redmine status (${statuses.join(', ')}): see statusMap`);
  return ids.join('|');
}
