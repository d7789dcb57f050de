import { SwitchboardError, type ConnectorContext, type TicketChanges } from '@switchboard/connector-sdk';
import { markdownToAdf } from '../adf/markdown-to-adf.converter';
import type { JiraConfig } from '../jira.config';
import { JIRA_ID } from '../mapping/mapping-context';
import { valueMaps } from '../mapping/value-maps';
import { resolveAccountId } from './user-resolver';

/** The canonical fields a create or an update may set (the commands' shared part). */
export type FieldValues = Pick<
  TicketChanges,
  'title' | 'description' | 'priority' | 'assignee' | 'assignmentGroup' | 'customFields'
>;

/**
 * Canonical values as Jira `fields`: summary, description (markdown → ADF), priority by name,
 * assignee by account id, custom fields by id. What Jira cannot hold is refused before anything is
 * written: an assignment group (Jira has none; teams are custom fields) and custom fields of
 * another namespace. Labels are the caller's (they carry the marker).
 */
export async function issueFields(
  ctx: ConnectorContext<JiraConfig>,
  values: FieldValues,
): Promise<Record<string, unknown>> {
  const maps = valueMaps(ctx.config);
  if (values.assignmentGroup !== undefined)
    throw SwitchboardError.validation('Jira has no assignment group', [
      {
        path: 'input.assignmentGroup',
        message: 'has no Jira field: set the team through customFields (jira.customfield_…)',
      },
    ]);
  const fields: Record<string, unknown> = {};
  if (values.title !== undefined) fields.summary = values.title;
  if (values.description !== undefined) fields.description = markdownToAdf(values.description);
  if (values.priority !== undefined) fields.priority = { name: maps.priorityName(values.priority) };
  if (values.assignee !== undefined)
    fields.assignee = { accountId: await resolveAccountId(ctx, values.assignee, 'input.assignee') };
  for (const [name, value] of Object.entries(values.customFields ?? {})) fields[customFieldId(name)] = value;
  return fields;
}

/** `jira.customfield_10010` → `customfield_10010`; other namespaces are refused. */
export function customFieldId(name: string): string {
  const [namespace, ...rest] = name.split('.');
  const id = rest.join('.');
  if (namespace !== JIRA_ID || !/^(customfield_\d+|[a-z][A-Za-z0-9_]*)$/.test(id))
    throw SwitchboardError.validation(`Custom field ${name} is not a Jira field`, [
      { path: `input.customFields.${name}`, message: 'must be jira.<field id>, e.g. jira.customfield_10010' },
    ]);
  return id;
}
