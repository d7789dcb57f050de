import type { ConnectorContext } from '@switchboard/connector-sdk';
import type { RedmineIssue } from '../api/redmine-api.types';
import { catalogOf } from '../api/redmine-catalog';
import type { RedmineConfig } from '../redmine.config';

/** Journal detail names whose values are ids, and what they are ids of. */
const ID_ATTRIBUTES: Readonly<Record<string, 'status' | 'priority' | 'tracker' | 'user'>> = {
  status_id: 'status',
  priority_id: 'priority',
  tracker_id: 'tracker',
  assigned_to_id: 'user',
};

export interface StatusName {
  name: string;
  isClosed?: boolean;
}

/**
 * The names behind every id an issue and its journals mention, resolved before mapping so the
 * mapping itself is a pure function. Ids Redmine no longer knows (a deleted status, a user the
 * hub may not see) have no name.
 */
export interface IssueVocabulary {
  status(id: number): StatusName | undefined;
  priority(id: number): string | undefined;
  tracker(id: number): string | undefined;
  user(id: number): string | undefined;
  /** The Redmine user the hub acts as: its changes are the hub's own. */
  readonly selfId: number;
}

/** Resolves the ids of `issues` (with their journals): names the issues carry, else the catalog. */
export async function vocabularyFor(
  ctx: ConnectorContext<RedmineConfig>,
  issues: readonly RedmineIssue[],
): Promise<IssueVocabulary> {
  const catalog = catalogOf(ctx);
  const statuses = new Map<number, StatusName>();
  const priorities = new Map<number, string>();
  const trackers = new Map<number, string>();
  const users = new Map<number, string>();
  const wanted = {
    status: new Set<number>(),
    priority: new Set<number>(),
    tracker: new Set<number>(),
    user: new Set<number>(),
  };

  for (const issue of issues) {
    statuses.set(issue.status.id, { name: issue.status.name, isClosed: issue.status.is_closed });
    priorities.set(issue.priority.id, issue.priority.name);
    trackers.set(issue.tracker.id, issue.tracker.name);
    for (const user of [issue.author, issue.assigned_to, ...(issue.journals ?? []).map((j) => j.user)])
      if (user?.name) users.set(user.id, user.name);
    for (const journal of issue.journals ?? [])
      for (const detail of journal.details) {
        const kind = detail.property === 'attr' ? ID_ATTRIBUTES[detail.name] : undefined;
        if (!kind) continue;
        for (const value of [detail.old_value, detail.new_value])
          if (value !== null && /^\d+$/.test(value)) wanted[kind].add(Number(value));
      }
  }

  catalog.remember(...Array.from(users, ([id, name]) => ({ id, name })));
  for (const id of wanted.status) {
    const status = statuses.has(id) ? undefined : await catalog.statusById(ctx, id);
    if (status) statuses.set(id, { name: status.name, isClosed: status.is_closed });
  }
  for (const id of wanted.priority) {
    const name = priorities.has(id) ? undefined : (await catalog.priorityById(ctx, id))?.name;
    if (name) priorities.set(id, name);
  }
  for (const id of wanted.tracker) {
    const name = trackers.has(id) ? undefined : (await catalog.trackerById(ctx, id))?.name;
    if (name) trackers.set(id, name);
  }
  for (const id of wanted.user) {
    const name = users.has(id) ? undefined : await catalog.userName(ctx, id);
    if (name) users.set(id, name);
  }
  // A status on an issue says whether it is closed only since Redmine 5: ask the catalog otherwise.
  for (const [id, status] of statuses)
    if (status.isClosed === undefined) status.isClosed = (await catalog.statusById(ctx, id))?.is_closed;

  const selfId = (await catalog.currentUser(ctx)).id;
  return {
    status: (id) => statuses.get(id),
    priority: (id) => priorities.get(id),
    tracker: (id) => trackers.get(id),
    user: (id) => users.get(id),
    selfId,
  };
}
