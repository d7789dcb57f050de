import type { TicketData } from '@switchboard/events';
import type { JiraIssue } from '../api/jira-api.types';
import { asRecord, text } from '../api/jira-json';
import { jiraTimestamp } from './jira-time';
import { issueRef, JIRA_ID, type MappingContext } from './mapping-context';
import { personRef } from './person.mapper';
import { richText } from './rich-text';

/** The issue fields every read asks for (search asks for these only; get asks for all). */
export const ISSUE_FIELDS = [
  'summary',
  'description',
  'status',
  'priority',
  'assignee',
  'reporter',
  'issuetype',
  'project',
  'labels',
  'created',
  'updated',
  'resolution',
  'resolutiondate',
] as const;

/**
 * An issue as a canonical ticket snapshot. Only a missing key is fatal (`fail` builds the error the
 * caller stands for: a 422 for a webhook, a typed error for an API answer); a missing summary
 * reads as the key, an unknown status as `open` with the native name kept.
 */
export function ticketFromIssue(
  value: unknown,
  mapping: MappingContext,
  fail: (problem: string) => Error,
): TicketData {
  const issue = asRecord(value) as JiraIssue | undefined;
  const key = text(issue?.key);
  if (!issue || !key) throw fail('an issue without a key');
  const fields = asRecord(issue.fields) ?? {};
  const status = asRecord(fields.status);
  const priorityName = text(asRecord(fields.priority)?.name) ?? text(fields.priority);
  const description = richText(fields.description);
  const assignee = personRef(fields.assignee);
  const reporter = personRef(fields.reporter);
  const created = jiraTimestamp(fields.created);
  const updated = jiraTimestamp(fields.updated);
  const resolved = jiraTimestamp(fields.resolutiondate);
  const resolution = text(asRecord(fields.resolution)?.name);
  const priority = mapping.maps.priorityOf(priorityName);
  const customFields = customFieldsOf(fields);
  return {
    kind: mapping.maps.kindOf(text(asRecord(fields.issuetype)?.name)),
    title: text(fields.summary) ?? key,
    status: mapping.maps.statusOf(status) ?? 'open',
    ...(text(status?.name) && { nativeStatus: text(status?.name) }),
    ...(description?.markdown && { description: description.markdown }),
    ...(description && { nativeDescription: description.native }),
    ...(priority && { priority }),
    ...(priorityName && { nativePriority: priorityName }),
    ...(assignee && { assignee }),
    ...(reporter && { reporter }),
    ...(created && { createdAt: created }),
    ...(updated && { updatedAt: updated }),
    ...(resolved && { resolvedAt: resolved }),
    ...(resolution && { resolution }),
    ...(Object.keys(customFields).length > 0 && { customFields }),
    externalRefs: [issueRef(mapping, key)],
  };
}

/** Set custom fields (`customfield_10010` → `jira.customfield_10010`) and the labels (`jira.labels`). */
function customFieldsOf(fields: Record<string, unknown>): Record<string, unknown> {
  const custom: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields))
    if (/^customfield_\d+$/.test(name) && value !== null && value !== undefined)
      custom[`${JIRA_ID}.${name}`] = value;
  const labels = Array.isArray(fields.labels)
    ? fields.labels.filter((l): l is string => typeof l === 'string')
    : [];
  if (labels.length > 0) custom[`${JIRA_ID}.labels`] = labels;
  return custom;
}
