import {
  SwitchboardError,
  type ConnectorEvent,
  type PollHooks,
  type PollPage,
} from '@switchboard/connector-sdk';
import { connectionOf } from './connection-pool';
import type { DirectoryEntry } from './directory-entry';
import { formatGeneralizedTime, parseGeneralizedTime } from './generalized-time';
import { IdentityDirectory } from './identity-directory';
import { groupEvent, userEvent } from './identity-events';
import type { LdapConfig } from './ldap.config';

/**
 * Where the next poll starts: the latest `modifyTimestamp` seen, as the directory writes it
 * (GeneralizedTime, `20261201142009Z`), inclusive. JSON, as the runtime stores it.
 */
export interface DirectoryCursor {
  modifyTimestamp: string;
}

/** The cursor of a run that has seen nothing yet. */
export const INITIAL_CURSOR: DirectoryCursor = Object.freeze({ modifyTimestamp: '19700101000000Z' });

/**
 * Users and groups written since the cursor: `(modifyTimestamp>=cursor − pollOverlapSeconds)`
 * under each base, read with the simple paged results control, one poll page per directory page.
 * Users become `iam.user.upserted` (or `iam.user.deactivated` when the disabled rule matches),
 * groups `iam.group.upserted` with their members.
 *
 * A directory returns entries in no particular order, so a page's entries do not move the cursor
 * safely: pages carry the cursor the run started from, and the last (eventless) page the latest
 * timestamp seen. A run cut short repeats from its start; event ids make the repeat harmless.
 * The first run (no cursor) reads every user and group.
 */
export const directoryPoll: PollHooks<LdapConfig, DirectoryCursor> = {
  async *run(ctx, cursor): AsyncGenerator<PollPage<DirectoryCursor>> {
    const start = cursor === undefined ? undefined : cursorTime(cursor);
    const startCursor =
      cursor === undefined ? INITIAL_CURSOR : { modifyTimestamp: formatGeneralizedTime(start!) };
    const since =
      start === undefined
        ? undefined
        : formatGeneralizedTime(Math.max(0, start - ctx.config.pollOverlapSeconds * 1000));
    const directory = new IdentityDirectory(await connectionOf(ctx), ctx.config, ctx.instanceId);
    let latest = start ?? 0;

    const kinds = [
      {
        pages: directory.userPages(since),
        toEvent: (entry: DirectoryEntry) => userPollEvent(directory, entry),
      },
      {
        pages: directory.groupPages(since),
        toEvent: (entry: DirectoryEntry) => groupPollEvent(directory, entry),
      },
    ];
    for (const { pages, toEvent } of kinds) {
      for await (const entries of pages) {
        if (ctx.signal.aborted) return;
        directory.remember(entries);
        const events: ConnectorEvent[] = [];
        for (const entry of entries) {
          events.push(await toEvent(entry));
          latest = Math.max(latest, modifiedAt(entry) ?? 0);
        }
        if (events.length > 0) yield { events, cursor: startCursor };
      }
    }
    yield { events: [], cursor: { modifyTimestamp: formatGeneralizedTime(latest) } };
  },
  compareCursors: (a, b) => cursorTime(a) - cursorTime(b),
};

async function userPollEvent(directory: IdentityDirectory, entry: DirectoryEntry): Promise<ConnectorEvent> {
  return userEvent(entry, await directory.toUser(entry), directory.attributes);
}

async function groupPollEvent(directory: IdentityDirectory, entry: DirectoryEntry): Promise<ConnectorEvent> {
  return groupEvent(entry, await directory.toGroup(entry, true), directory.attributes);
}

function modifiedAt(entry: DirectoryEntry): number | undefined {
  const text = entry.first('modifyTimestamp');
  return text === undefined ? undefined : parseGeneralizedTime(text);
}

function cursorTime(cursor: DirectoryCursor): number {
  const text = (cursor as Partial<DirectoryCursor> | null)?.modifyTimestamp;
  const time = typeof text === 'string' ? parseGeneralizedTime(text) : undefined;
  if (time === undefined)
    throw SwitchboardError.permanent(
      `Not an LDAP poll cursor: ${JSON.stringify(cursor)} (expected { "modifyTimestamp": "20261201142009Z" })`,
    );
  return time;
}
