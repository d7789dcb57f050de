import {
  idempotentCreate,
  type ActionHandler,
  type ConnectorContext,
  type TicketCreateInput,
  type TicketCreateOutput,
} from '@switchboard/connector-sdk';
import type { RedmineIssue } from '../api/redmine-api.types';
import { readAnswer, readIssueBody, readIssueList } from '../api/redmine-payloads';
import { ticketRef } from '../mapping/issue-mapper';
import type { RedmineConfig } from '../redmine.config';
import { redmineFields } from './issue-fields';

type Ctx = ConnectorContext<RedmineConfig>;

/**
 * `ticket.create`: at most one issue per idempotency key. The key's marker goes into the marker
 * custom field (`markerFieldId`) and is searched for (`cf_<id>=<marker>`, any status, any project)
 * before creating, so a retry after a lost answer finds the issue instead of making another.
 * Fields are resolved (and refused) before anything is written.
 */
export const createTicket: ActionHandler<RedmineConfig, TicketCreateInput, TicketCreateOutput> = async (
  ctx,
  input,
  meta,
) => {
  const { alertRefs: _alertRefs, project, ...fields } = input;
  const write = await redmineFields(ctx, { ...fields, kind: input.kind ?? ctx.config.defaultKind }, 'input');
  const { result, created } = await idempotentCreate(ctx, {
    key: meta.idempotencyKey,
    command: meta,
    find: async (marker) => {
      const issue = await findByMarker(ctx, marker);
      return issue && { id: issue.id };
    },
    create: async (marker) => {
      const body = {
        issue: {
          ...write,
          project_id: project ?? ctx.config.project,
          custom_fields: [...(write.custom_fields ?? []), { id: ctx.config.markerFieldId, value: marker }],
        },
      };
      const { data } = await ctx.http.post<unknown>('/issues.json', body, { signal: ctx.signal });
      const issue = readAnswer('POST /issues.json', data, readIssueBody);
      warnIfIgnored(ctx, issue, marker, write.status_id);
      return { id: issue.id };
    },
  });
  ctx.logger.info('ticket ready', { issueId: result.id, created, idempotencyKey: meta.idempotencyKey });
  return { ticket: ticketRef(ctx.config, ctx.instanceId, result.id), created };
};

/**
 * The issue carrying `marker` in the marker field. The value is checked, not only the filter's
 * answer: Redmine ignores a filter on a field that is not "Used as a filter" and lists everything.
 */
export async function findByMarker(ctx: Ctx, marker: string): Promise<RedmineIssue | undefined> {
  const { data } = await ctx.http.get<unknown>('/issues.json', {
    query: { [`cf_${ctx.config.markerFieldId}`]: marker, status_id: '*', sort: 'id', limit: 25 },
    signal: ctx.signal,
  });
  const { issues } = readAnswer('GET /issues.json', data, readIssueList);
  return issues.find((issue) =>
    issue.custom_fields.some((field) => field.id === ctx.config.markerFieldId && field.value === marker),
  );
}

/** Redmine drops what a tracker or workflow does not allow without saying so: say it in the log. */
function warnIfIgnored(ctx: Ctx, issue: RedmineIssue, marker: string, statusId: number | undefined): void {
  const marked = issue.custom_fields.some((f) => f.id === ctx.config.markerFieldId && f.value === marker);
  if (!marked)
    ctx.logger.error(
      'Redmine created the issue without the creation marker: enable the marker field for its project and tracker, or a retried create cannot find it',
      { issueId: issue.id, markerFieldId: ctx.config.markerFieldId, tracker: issue.tracker.name },
    );
  if (statusId !== undefined && issue.status.id !== statusId)
    ctx.logger.warn(
      'Redmine created the issue in another status than asked: its workflow does not allow it',
      {
        issueId: issue.id,
        status: issue.status.name,
      },
    );
}
