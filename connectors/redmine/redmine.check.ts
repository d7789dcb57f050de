import { randomUUID } from 'node:crypto';
import {
  checkFailed,
  checkPassed,
  type CheckResult,
  type ConnectorContext,
} from '@switchboard/connector-sdk';
import { readAnswer, readIssueList, readProject, readUser } from './api/redmine-payloads';
import type { RedmineConfig } from './redmine.config';

/**
 * "Test connection": the API key (`GET /users/current.json`), the project (`GET /projects/P.json`)
 * and the marker field, which must be usable as a filter: Redmine ignores a filter on a field that
 * is not, and a create could then not find its own ticket after a lost answer.
 */
export async function checkRedmine(ctx: ConnectorContext<RedmineConfig>): Promise<CheckResult> {
  const { project, markerFieldId } = ctx.config;
  let user;
  try {
    // Not from the catalog's cache: a key revoked a minute ago must fail the check now.
    const { data } = await ctx.http.get<unknown>('/users/current.json', { signal: ctx.signal });
    user = readAnswer('GET /users/current.json', data, readUser);
  } catch (error) {
    return checkFailed(error, 'Redmine user of the API key (GET /users/current.json)');
  }
  const login = user.login ?? String(user.id);
  try {
    const { data } = await ctx.http.get<unknown>(`/projects/${encodeURIComponent(project)}.json`, {
      signal: ctx.signal,
    });
    readAnswer(`GET /projects/${project}.json`, data, readProject);
  } catch (error) {
    return checkFailed(error, `Redmine project ${project}, as ${login}`);
  }
  try {
    const { data } = await ctx.http.get<unknown>('/issues.json', {
      query: { [`cf_${markerFieldId}`]: `sb-check-${randomUUID()}`, status_id: '*', limit: 1 },
      signal: ctx.signal,
    });
    if (readAnswer('GET /issues.json', data, readIssueList).total_count > 0)
      return {
        ok: false,
        status: 'misconfigured',
        detail: `Custom field ${markerFieldId} (markerFieldId) cannot filter issues (Redmine ignored cf_${markerFieldId}): tick "Used as a filter" on it, or idempotent creates cannot find their tickets`,
      };
  } catch (error) {
    return checkFailed(error, `Search by the marker field ${markerFieldId}`);
  }
  return checkPassed(
    `Signed in to Redmine as ${login}; project ${project} and marker field ${markerFieldId} usable`,
    {
      user: login,
      project,
    },
  );
}
