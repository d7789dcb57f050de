import { isDeepStrictEqual } from 'node:util';
import {
  SwitchboardError,
  type ActionHandler,
  type ConnectorContext,
  type TicketUpdateInput,
  type TicketUpdateOutput,
} from '@switchboard/connector-sdk';
import type { RedmineIssue, RedmineIssueWrite } from '../api/redmine-api.types';
import { readAnswer, readIssueBody } from '../api/redmine-payloads';
import { REDMINE_ID, ticketRef } from '../mapping/issue-mapper';
import type { RedmineConfig } from '../redmine.config';
import { normalizeLineEnds, toRedmineText } from '../text/text-formatting';
import { issueNumber, redmineFields } from './issue-fields';

type Ctx = ConnectorContext<RedmineConfig>;

/**
 * `ticket.update`: reads the issue, writes only the fields whose value differs (nothing at all
 * when none does: a repeat is a no-op), then reads it back, because Redmine silently drops a
 * status its workflow does not allow and a custom field the tracker does not have. A resolution
 * goes into the notes of the same journal. `baseUpdatedAt` older than the issue is a `conflict`.
 */
export const updateTicket: ActionHandler<RedmineConfig, TicketUpdateInput, TicketUpdateOutput> = async (
  ctx,
  input,
) => {
  const id = issueNumber(input.ticketId, 'input.ticketId');
  const { resolution, ...fields } = input.changes;
  const write = await redmineFields(ctx, fields, 'input.changes');
  const ref = ticketRef(ctx.config, ctx.instanceId, id);
  const current = await readIssue(ctx, id);
  if (input.baseUpdatedAt !== undefined && Date.parse(current.updated_on) > Date.parse(input.baseUpdatedAt))
    throw SwitchboardError.conflict(
      `Issue #${id} was updated at ${current.updated_on}, after ${input.baseUpdatedAt} that the change is based on`,
    );

  const { payload, changed } = delta(current, write);
  if (changed.length === 0) return { ticket: ref, changed };
  if (resolution !== undefined) payload.notes = toRedmineText(resolution, ctx.config.textFormatting);
  // Setting fields may be repeated; a note may not (it would be added twice).
  await ctx.http.put(`/issues/${id}.json`, { issue: payload }, { signal: ctx.signal, retry: !payload.notes });

  const after = await readIssue(ctx, id);
  const dropped = delta(after, payload).changed.filter(
    (field) => field !== 'title' && field !== 'description',
  );
  if (dropped.length > 0)
    throw SwitchboardError.validation(
      `Redmine saved issue #${id} without ${dropped.join(', ')}: its workflow does not allow that status for the hub's user, or the field is not enabled for the issue's tracker and project (the other changes were saved)`,
      dropped.map((field) => ({ path: `input.changes.${field}`, message: 'was not applied by Redmine' })),
    );
  ctx.logger.info('ticket updated', { issueId: id, changed });
  return { ticket: ref, changed };
};

async function readIssue(ctx: Ctx, id: number): Promise<RedmineIssue> {
  const { data } = await ctx.http.get<unknown>(`/issues/${id}.json`, { signal: ctx.signal });
  return readAnswer(`GET /issues/${id}.json`, data, readIssueBody);
}

/** What of `write` differs from `issue`: the payload to send, and the canonical names of those fields. */
function delta(
  issue: RedmineIssue,
  write: RedmineIssueWrite,
): { payload: RedmineIssueWrite; changed: string[] } {
  const payload: RedmineIssueWrite = {};
  const changed: string[] = [];
  if (write.subject !== undefined && write.subject !== issue.subject) {
    payload.subject = write.subject;
    changed.push('title');
  }
  if (write.description !== undefined && !sameText(write.description, issue.description)) {
    payload.description = write.description;
    changed.push('description');
  }
  if (write.status_id !== undefined && write.status_id !== issue.status.id) {
    payload.status_id = write.status_id;
    changed.push('status');
  }
  if (write.priority_id !== undefined && write.priority_id !== issue.priority.id) {
    payload.priority_id = write.priority_id;
    changed.push('priority');
  }
  if (write.assigned_to_id !== undefined && write.assigned_to_id !== (issue.assigned_to?.id ?? '')) {
    payload.assigned_to_id = write.assigned_to_id;
    changed.push('assignee');
  }
  for (const field of write.custom_fields ?? []) {
    const current = issue.custom_fields.find((f) => f.id === field.id)?.value ?? '';
    if (sameValue(current, field.value)) continue;
    (payload.custom_fields ??= []).push(field);
    changed.push(`customFields.${REDMINE_ID}.${field.id}`);
  }
  return { payload, changed };
}

/** Redmine stores what browsers send: CRLF line ends, sometimes without the trailing newline. */
function sameText(a: string, b: string): boolean {
  return normalizeLineEnds(a).trimEnd() === normalizeLineEnds(b).trimEnd();
}

function sameValue(current: string | string[], wanted: string | string[]): boolean {
  const sorted = (v: string | string[]) => (Array.isArray(v) ? [...v].sort() : v);
  return isDeepStrictEqual(sorted(current), sorted(wanted));
}
