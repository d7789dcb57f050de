import type { ConnectorContext } from '@switchboard/connector-sdk';
import { expectRecord, list, malformedResponse, text } from '../api/jira-json';
import { JiraPaths } from '../api/jira-paths';
import { jqlString } from '../api/jql';
import type { JiraConfig } from '../jira.config';

/** The label a create adds: the configured prefix and the marker's opaque hash. */
export function markerLabel(config: JiraConfig, marker: string): string {
  return `${config.markerLabelPrefix}${marker.replace(/^sb-/, '')}`;
}

/** The JQL finding the issue carrying `marker`. */
export function markerJql(config: JiraConfig, marker: string): string {
  return config.marker === 'label'
    ? `labels = ${jqlString(markerLabel(config, marker))}`
    : `issue.property[${config.entityPropertyKey}].marker = ${jqlString(marker)}`;
}

/** Whether a label is one of our markers (kept when an update sets the labels). */
export function isMarkerLabel(config: JiraConfig, label: string): boolean {
  return (
    label.startsWith(config.markerLabelPrefix) &&
    /^[0-9a-f]{24}$/.test(label.slice(config.markerLabelPrefix.length))
  );
}

/**
 * The key of the issue carrying `marker`, oldest first, or undefined. A search, so repeating it is
 * safe (`retry: true` on the POST).
 */
export async function findIssueByMarker(
  ctx: ConnectorContext<JiraConfig>,
  marker: string,
): Promise<string | undefined> {
  const call = `POST ${JiraPaths.searchJql}`;
  const { data } = await ctx.http.post<unknown>(
    JiraPaths.searchJql,
    { jql: `${markerJql(ctx.config, marker)} ORDER BY created ASC`, fields: ['key'], maxResults: 1 },
    { retry: true, signal: ctx.signal },
  );
  const issues = expectRecord(call, data).issues;
  if (issues !== undefined && !Array.isArray(issues))
    throw malformedResponse(call, 'issues is not a list', data);
  const first = list(issues)[0];
  if (first === undefined) return undefined;
  const key = text((first as { key?: unknown }).key);
  if (!key) throw malformedResponse(call, 'a found issue has no key', data);
  return key;
}
