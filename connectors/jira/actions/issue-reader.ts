import type { ConnectorContext } from '@switchboard/connector-sdk';
import { asRecord, expectRecord, malformedResponse, text } from '../api/jira-json';
import { JiraPaths } from '../api/jira-paths';
import type { JiraConfig } from '../jira.config';
import type { StatusNode } from './workflow-graph';

/** An issue as read for a change: its key, its fields, and its status and workflow. */
export interface IssueSnapshot {
  key: string;
  fields: Record<string, unknown>;
  status: StatusNode;
  /** `<project>:<issue type>`: the workflow the issue follows. */
  workflow: string;
}

/** `GET /rest/api/3/issue/{key}` with `fields` (all when omitted); 404 comes back as `not_found`. */
export async function readIssue(
  ctx: ConnectorContext<JiraConfig>,
  idOrKey: string,
  fields?: readonly string[],
): Promise<{ data: unknown; snapshot: IssueSnapshot }> {
  const path = JiraPaths.issue(idOrKey);
  const call = `GET ${path}`;
  const { data } = await ctx.http.get<unknown>(path, {
    query: { fields: fields ? [...fields].join(',') : '*all' },
    signal: ctx.signal,
  });
  const issue = expectRecord(call, data);
  const key = text(issue.key);
  if (!key) throw malformedResponse(call, 'the issue has no key', data);
  const issueFields = asRecord(issue.fields) ?? {};
  const status = asRecord(issueFields.status);
  const statusId = text(status?.id);
  const project = text(asRecord(issueFields.project)?.key) ?? key.replace(/-\d+$/, '');
  const issueType = asRecord(issueFields.issuetype);
  return {
    data,
    snapshot: {
      key,
      fields: issueFields,
      status: {
        id: statusId ?? text(status?.name) ?? 'unknown',
        name: text(status?.name) ?? 'unknown',
        ...(text(asRecord(status?.statusCategory)?.key) && {
          category: text(asRecord(status?.statusCategory)?.key),
        }),
      },
      workflow: `${project}:${text(issueType?.id) ?? text(issueType?.name) ?? 'any'}`,
    },
  };
}
