import type { ConnectorContext } from '@switchboard/connector-sdk';
import type { JiraConfig } from '../jira.config';
import { asRecord, expectRecord, malformedResponse, text } from './jira-json';
import { JiraPaths } from './jira-paths';

/** Who the connector is at Jira: the integration user's account id and time zone. */
export interface JiraSession {
  accountId: string;
  /** IANA zone JQL dates are read in. */
  timeZone: string;
}

const STATE_KEY = 'session';
const MAX_AGE_MS = 6 * 60 * 60 * 1000;

/**
 * `GET /rest/api/3/myself`, kept in the instance state for six hours (the account does not change;
 * its time zone rarely does): comment de-duplication needs the account id, JQL dates the zone.
 */
export async function jiraSession(ctx: ConnectorContext<JiraConfig>): Promise<JiraSession> {
  const kept = await ctx.state.get<JiraSession & { at: number }>(STATE_KEY);
  const now = ctx.now().getTime();
  if (kept && now - kept.at < MAX_AGE_MS) return { accountId: kept.accountId, timeZone: kept.timeZone };
  const call = `GET ${JiraPaths.myself}`;
  const { data } = await ctx.http.get<unknown>(JiraPaths.myself, { signal: ctx.signal });
  const me = expectRecord(call, data);
  const accountId = text(me.accountId);
  if (!accountId) throw malformedResponse(call, 'no accountId', data);
  const zone = text(asRecord(me)?.timeZone);
  const session = { accountId, timeZone: zone && isTimeZone(zone) ? zone : 'UTC' };
  await ctx.state.set(STATE_KEY, { ...session, at: now });
  return session;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
