import {
  checkFailed,
  checkPassed,
  type CheckResult,
  type ConnectorContext,
} from '@switchboard/connector-sdk';
import { asRecord, text } from '../api/jira-json';
import { JiraPaths } from '../api/jira-paths';
import type { JiraConfig } from '../jira.config';

/**
 * "Test connection": `GET /rest/api/3/myself` proves the credentials, `GET /rest/api/3/project/{key}`
 * that the default project exists and is visible to that user. Says when no webhook secret is
 * set, because the ingress then refuses every delivery.
 */
export async function checkJira(ctx: ConnectorContext<JiraConfig>): Promise<CheckResult> {
  let me: Record<string, unknown> | undefined;
  try {
    ({ data: me } = await ctx.http.get<Record<string, unknown>>(JiraPaths.myself, { signal: ctx.signal }));
  } catch (error) {
    return checkFailed(error, 'Jira credentials (GET /rest/api/3/myself)');
  }
  const accountId = text(asRecord(me)?.accountId);
  if (!accountId)
    return {
      ok: false,
      status: 'misconfigured',
      detail:
        'GET /rest/api/3/myself answered, but not as Jira Cloud does: is baseUrl the site root (https://<site>.atlassian.net)?',
    };
  let project: Record<string, unknown> | undefined;
  try {
    ({ data: project } = await ctx.http.get<Record<string, unknown>>(
      JiraPaths.project(ctx.config.projectKey),
      {
        signal: ctx.signal,
      },
    ));
  } catch (error) {
    return checkFailed(error, `Jira project ${ctx.config.projectKey}`);
  }
  const user = text(asRecord(me)?.displayName) ?? accountId;
  const projectName = text(asRecord(project)?.name) ?? ctx.config.projectKey;
  const webhookNote = ctx.config.webhookSecret
    ? ''
    : '; no webhook secret is set, so the hub refuses Jira webhooks until it is';
  return checkPassed(
    `Signed in to Jira as ${user}; project ${ctx.config.projectKey} (${projectName}) is visible${webhookNote}`,
    {
      accountId,
      project: ctx.config.projectKey,
    },
  );
}
