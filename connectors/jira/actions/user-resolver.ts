import { SwitchboardError, type ConnectorContext } from '@switchboard/connector-sdk';
import type { PersonRef } from '@switchboard/events';
import { asRecord, list, malformedResponse, text } from '../api/jira-json';
import { JiraPaths } from '../api/jira-paths';
import type { JiraConfig } from '../jira.config';

/**
 * The account id of a person. `id` is taken as the accountId; otherwise Jira's user search looks
 * for the e-mail, user name or display name, and exactly one user must match (Jira hides e-mail
 * addresses by default, so a search by e-mail that finds one user is taken as a match).
 */
export async function resolveAccountId(
  ctx: ConnectorContext<JiraConfig>,
  person: PersonRef,
  path: string,
): Promise<string> {
  if (person.id) return person.id;
  const query = person.email ?? person.userName ?? person.displayName;
  if (!query)
    throw SwitchboardError.validation(`${path} names nobody`, [{ path, message: 'must name a person' }]);
  const call = `GET ${JiraPaths.userSearch}`;
  const { data } = await ctx.http.get<unknown>(JiraPaths.userSearch, {
    query: { query, maxResults: 10 },
    signal: ctx.signal,
  });
  if (!Array.isArray(data)) throw malformedResponse(call, 'expected a list of users', data);
  const users = list(data)
    .map(asRecord)
    .filter((user): user is Record<string, unknown> => !!user && !!text(user.accountId));
  const same = (a: unknown, b: string | undefined) =>
    typeof a === 'string' && b !== undefined && a.toLowerCase() === b.toLowerCase();
  const exact = users.filter(
    (user) =>
      same(user.emailAddress, person.email) ||
      same(user.displayName, person.displayName) ||
      same(user.name, person.userName),
  );
  const matches = exact.length > 0 ? exact : person.email && users.length === 1 ? users : [];
  if (matches.length === 1) return text(matches[0]!.accountId)!;
  const message =
    matches.length === 0
      ? `no Jira user matches "${query}"`
      : `${matches.length} Jira users match "${query}"`;
  throw SwitchboardError.validation(`${path}: ${message}`, [{ path, message }]);
}
