import {
  ErrorCode,
  SwitchboardError,
  isSwitchboardError,
  type ConnectorContext,
  type ConnectorEvent,
  type PollHooks,
  type PollPage,
} from '@switchboard/connector-sdk';
import type { SyncMode } from '@switchboard/events';
import type { RedmineIssue } from './api/redmine-api.types';
import { readAnswer, readIssueBody, readIssueList } from './api/redmine-payloads';
import { toRedmineSecond } from './api/redmine-time';
import { issueOccurrences } from './mapping/issue-mapper';
import { vocabularyFor } from './mapping/issue-vocabulary';
import { valueMapsOf } from './mapping/value-maps';
import type { RedmineConfig } from './redmine.config';

/**
 * Where the next poll starts. JSON, as the runtime stores it.
 *
 * - `updatedOn`: creations and journals at or after this second are read (inclusive: Redmine's
 *   timestamps and its `updated_on` filter have whole seconds);
 * - `seen`: the occurrences (`issue:<id>`, `journal:<id>`) at or after `updatedOn` already
 *   published, so the boundary second is read again without publishing it again (a journal can
 *   be stamped a second after its issue's `updated_on`);
 * - `resume`: within a run, where the listing of changed issues goes on after a checkpoint.
 */
export interface IssuesCursor {
  updatedOn: string;
  seen: string[];
  resume?: { updatedOn: string; offset: number };
}

/** Redmine's largest page. */
export const POLL_PAGE_SIZE = 100;
const EPOCH = '1970-01-01T00:00:00Z';

type Ctx = ConnectorContext<RedmineConfig>;

/**
 * Issues of the project changed since the cursor (`updated_on>=`, sorted by `updated_on,id`),
 * each read with its journals, mapped to `ticket.created` (when created since), `ticket.updated`
 * (journal details, with old and new values) and `comment.added` (journal notes). Paged by
 * `updated_on` itself: each page starts at the last page's newest second (with an offset only
 * while a page does not get past it), so an issue updated during the run moves up, never hides
 * another. A first run (no cursor) reads the whole project once, as `syncmode: backfill`.
 */
export const redmineIssuesPoll: PollHooks<RedmineConfig, IssuesCursor> = {
  async *run(ctx, cursor): AsyncGenerator<PollPage<IssuesCursor>> {
    const start = cursor === undefined ? firstCursor(ctx.config) : checkCursor(cursor);
    const since = Date.parse(start.updatedOn);
    const seenAtSince = new Set(start.seen);
    const syncmode: SyncMode | undefined = cursor === undefined ? 'backfill' : undefined;
    const maps = valueMapsOf(ctx.config);
    let from = start.resume?.updatedOn ?? start.updatedOn;
    let offset = start.resume?.offset ?? 0;
    /** Issues read in this run, by id, at the `updated_on` read: read again only if changed since. */
    const processed = new Map<number, string>();
    /** Occurrences from `since` on read in this run (published now or before), with their second. */
    const known = new Map<string, number>();
    let reached = since;

    for (;;) {
      const page = await listChangedIssues(ctx, from, offset);
      const issues: RedmineIssue[] = [];
      for (const listed of page.issues) {
        if (processed.get(listed.id) === listed.updated_on) continue;
        const issue = await readWithJournals(ctx, listed.id);
        processed.set(listed.id, listed.updated_on);
        reached = Math.max(reached, Date.parse(listed.updated_on));
        if (issue) issues.push(issue);
      }
      const vocabulary = await vocabularyFor(ctx, issues);
      const events: ConnectorEvent[] = [];
      for (const issue of issues)
        for (const occurrence of issueOccurrences(
          issue,
          { config: ctx.config, instanceId: ctx.instanceId, maps, vocabulary },
          syncmode,
        )) {
          const { key, at } = occurrence;
          if (at < since || known.has(key)) continue;
          known.set(key, at);
          if (!seenAtSince.has(key)) events.push(...occurrence.events);
        }

      if (page.issues.length < POLL_PAGE_SIZE || offset + page.issues.length >= page.total_count) {
        // At or after the cursor's second: Redmine stamps a journal when it is saved, after the
        // issue's updated_on, sometimes a second later; that journal is read again next time.
        const seen = [...known].filter(([, at]) => at >= reached).map(([key]) => key);
        if (reached === since) seen.unshift(...seenAtSince);
        yield { events, cursor: { updatedOn: toRedmineSecond(reached), seen: [...new Set(seen)] } };
        return;
      }
      const newest = Date.parse(page.issues[page.issues.length - 1]!.updated_on);
      if (newest > Date.parse(from)) {
        // The next page starts at the newest second read; the issues of that second already read
        // come first there (Redmine's filter may add some of the second before: read twice, not lost).
        from = toRedmineSecond(newest);
        offset = [...processed.values()].filter((updatedOn) => Date.parse(updatedOn) === newest).length;
      } else offset += page.issues.length;
      yield {
        events,
        cursor: { updatedOn: start.updatedOn, seen: start.seen, resume: { updatedOn: from, offset } },
      };
    }
  },
  // Within a run only `resume` moves; `updatedOn` moves at its end. Neither goes back.
  compareCursors: (a, b) => cursorTime(a) - cursorTime(b),
};

async function listChangedIssues(ctx: Ctx, from: string, offset: number) {
  const { data } = await ctx.http.get<unknown>('/issues.json', {
    query: {
      project_id: ctx.config.project,
      status_id: '*',
      updated_on: `>=${from}`,
      sort: 'updated_on,id',
      offset,
      limit: POLL_PAGE_SIZE,
    },
    signal: ctx.signal,
  });
  return readAnswer('GET /issues.json', data, readIssueList);
}

/** The issue with its journals; undefined when it went away (deleted, moved out of sight) meanwhile. */
async function readWithJournals(ctx: Ctx, id: number): Promise<RedmineIssue | undefined> {
  try {
    const { data } = await ctx.http.get<unknown>(`/issues/${id}.json`, {
      query: { include: 'journals' },
      signal: ctx.signal,
    });
    return readAnswer(`GET /issues/${id}.json`, data, readIssueBody);
  } catch (error) {
    if (isSwitchboardError(error) && error.code === ErrorCode.NotFound) return undefined;
    throw error;
  }
}

function firstCursor(config: RedmineConfig): IssuesCursor {
  return { updatedOn: toRedmineSecond(Date.parse(config.pollSince ?? EPOCH)), seen: [] };
}

function cursorTime(cursor: IssuesCursor): number {
  return Date.parse(checkCursor(cursor).updatedOn);
}

function checkCursor(cursor: IssuesCursor): IssuesCursor {
  const c = cursor as Partial<IssuesCursor> | null;
  const isTime = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value));
  const valid =
    typeof c === 'object' &&
    c !== null &&
    isTime(c.updatedOn) &&
    Array.isArray(c.seen) &&
    c.seen.every((key) => typeof key === 'string') &&
    (c.resume === undefined ||
      (isTime(c.resume.updatedOn) && Number.isInteger(c.resume.offset) && c.resume.offset >= 0));
  if (!valid) throw SwitchboardError.permanent(`Not a Redmine poll cursor: ${JSON.stringify(cursor)}`);
  return cursor;
}
