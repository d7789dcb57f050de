import {
  SwitchboardError,
  type ActionHandler,
  type TicketUpdateInput,
  type TicketUpdateOutput,
} from '@switchboard/connector-sdk';
import { isDeepStrictEqual } from 'node:util';
import { adfToMarkdown } from '../adf/adf-to-markdown.converter';
import { markdownToAdf } from '../adf/markdown-to-adf.converter';
import { isAdfDocument } from '../adf/adf.types';
import { historyMetadata } from '../api/history-metadata';
import { asRecord, text } from '../api/jira-json';
import { JiraPaths } from '../api/jira-paths';
import type { JiraConfig } from '../jira.config';
import { ISSUE_FIELDS } from '../mapping/issue.mapper';
import { jiraTimestamp } from '../mapping/jira-time';
import { issueRef, mappingContext } from '../mapping/mapping-context';
import { richText } from '../mapping/rich-text';
import { isMarkerLabel } from './creation-marker';
import { customFieldId, issueFields } from './issue-fields.builder';
import { readIssue } from './issue-reader';
import { reachStatus } from './status-transition';

const FINAL_STATUSES = new Set(['resolved', 'closed', 'canceled']);

/**
 * `ticket.update`: reads the issue, writes only the fields that differ (one `PUT`, carrying the
 * idempotency key as history metadata for echo suppression), then walks the workflow to the
 * status. Running it again changes nothing and reports nothing changed.
 */
export const updateTicket: ActionHandler<JiraConfig, TicketUpdateInput, TicketUpdateOutput> = async (
  ctx,
  input,
  meta,
) => {
  const mapping = mappingContext(ctx);
  const { changes } = input;
  if (changes.resolution !== undefined && (!changes.status || !FINAL_STATUSES.has(changes.status)))
    throw SwitchboardError.validation('A resolution goes with a change to resolved, closed or canceled', [
      { path: 'input.changes.resolution', message: 'needs changes.status resolved, closed or canceled' },
    ]);
  const customIds = Object.keys(changes.customFields ?? {}).map(customFieldId);
  const { snapshot } = await readIssue(ctx, input.ticketId, [...ISSUE_FIELDS, ...customIds]);
  const current = snapshot.fields;

  const updated = jiraTimestamp(current.updated);
  if (input.baseUpdatedAt && updated && Date.parse(updated) > Date.parse(input.baseUpdatedAt))
    throw SwitchboardError.conflict(
      `${snapshot.key} changed in Jira at ${updated}, after ${input.baseUpdatedAt} the update was based on`,
    );

  const wanted = await issueFields(ctx, changes);
  const fields: Record<string, unknown> = {};
  const changed: string[] = [];
  const set = (path: string, jiraField: string) => {
    changed.push(path);
    fields[jiraField] = wanted[jiraField];
  };
  if (changes.title !== undefined && changes.title !== text(current.summary)) set('title', 'summary');
  if (changes.description !== undefined && !sameDescription(current.description, changes.description))
    set('description', 'description');
  if (
    changes.priority !== undefined &&
    text(asRecord(current.priority)?.name)?.toLowerCase() !==
      mapping.maps.priorityName(changes.priority).toLowerCase()
  )
    set('priority', 'priority');
  if (changes.assignee !== undefined) {
    const accountId = (wanted.assignee as { accountId: string }).accountId;
    if (text(asRecord(current.assignee)?.accountId) !== accountId) set('assignee', 'assignee');
  }
  for (const name of Object.keys(changes.customFields ?? {})) {
    const id = customFieldId(name);
    if (!isDeepStrictEqual(current[id] ?? null, wanted[id] ?? null)) set(`customFields.${name}`, id);
  }
  if (changes.labels !== undefined) {
    const existing = Array.isArray(current.labels)
      ? current.labels.filter((l): l is string => typeof l === 'string')
      : [];
    // Our marker labels stay: without them a retried create would not find its issue.
    const labels = [...new Set([...changes.labels, ...existing.filter((l) => isMarkerLabel(ctx.config, l))])];
    if (!isDeepStrictEqual([...labels].sort(), [...existing].sort())) {
      changed.push('labels');
      fields.labels = labels;
    }
  }
  if (Object.keys(fields).length > 0)
    await ctx.http.put(
      JiraPaths.issue(snapshot.key),
      { fields, historyMetadata: historyMetadata(meta.idempotencyKey) },
      { signal: ctx.signal },
    );

  if (changes.status) {
    const taken = await reachStatus(ctx, {
      issueKey: snapshot.key,
      current: snapshot.status,
      workflow: snapshot.workflow,
      target: changes.status,
      changeId: meta.idempotencyKey,
      ...(changes.resolution !== undefined && { note: changes.resolution }),
    });
    if (taken.length > 0) changed.push('status', ...(changes.resolution !== undefined ? ['resolution'] : []));
  }
  return { ticket: issueRef(mapping, snapshot.key), changed };
};

/** Same text once both are canonical markdown (ADF from Jira carries ids and attrs we never set). */
function sameDescription(current: unknown, markdown: string): boolean {
  const now = isAdfDocument(current) ? adfToMarkdown(current) : (richText(current)?.markdown ?? '');
  return now === adfToMarkdown(markdownToAdf(markdown));
}
