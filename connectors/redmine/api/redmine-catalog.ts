import { ErrorCode, isSwitchboardError, type ConnectorContext } from '@switchboard/connector-sdk';
import type { RedmineConfig } from '../redmine.config';
import type { RedmineRef, RedmineStatus, RedmineUser } from './redmine-api.types';
import {
  readAnswer,
  readMemberships,
  readPriorities,
  readStatuses,
  readTrackers,
  readUser,
} from './redmine-payloads';

/** How long a looked-up list is trusted before it is read again. */
export const CATALOG_TTL_MS = 10 * 60_000;
/** A miss reads the list again, but not more often than this (an unknown id must not hammer Redmine). */
export const CATALOG_MISS_REFRESH_MS = 5_000;
const PAGE = 100;

type Ctx = ConnectorContext<RedmineConfig>;

/** A list read from Redmine and cached, read again when old or when something is not in it. */
class CachedList<T> {
  #value?: T[];
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #loading?: Promise<T[]>;

  constructor(private readonly load: (ctx: Ctx) => Promise<T[]>) {}

  async all(ctx: Ctx): Promise<T[]> {
    if (this.#value && ctx.now().getTime() - this.#fetchedAt < CATALOG_TTL_MS) return this.#value;
    return this.#reload(ctx);
  }

  /** The first item matching, reading the list again once if it is not there. */
  async find(ctx: Ctx, matches: (item: T) => boolean): Promise<T | undefined> {
    const found = (await this.all(ctx)).find(matches);
    if (found || ctx.now().getTime() - this.#fetchedAt < CATALOG_MISS_REFRESH_MS) return found;
    return (await this.#reload(ctx)).find(matches);
  }

  #reload(ctx: Ctx): Promise<T[]> {
    // Concurrent callers share one request.
    this.#loading ??= this.load(ctx)
      .then((value) => {
        this.#value = value;
        this.#fetchedAt = ctx.now().getTime();
        return value;
      })
      .finally(() => (this.#loading = undefined));
    return this.#loading;
  }
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * What Redmine calls things, looked up through its API and cached per instance: statuses,
 * priorities and trackers (ids ↔ names), the project's members (assignees by name), user names
 * (journal details carry ids only) and the hub's own user (to recognise its own changes).
 */
export class RedmineCatalog {
  readonly #statuses = new CachedList<RedmineStatus>(async (ctx) =>
    get(ctx, '/issue_statuses.json', readStatuses),
  );
  readonly #priorities = new CachedList<RedmineRef>(async (ctx) =>
    get(ctx, '/enumerations/issue_priorities.json', readPriorities),
  );
  readonly #trackers = new CachedList<RedmineRef>(async (ctx) => get(ctx, '/trackers.json', readTrackers));
  readonly #members = new CachedList<RedmineRef>(loadMembers);
  readonly #me = new CachedList<RedmineUser>(async (ctx) => [
    await get(ctx, '/users/current.json', readUser),
  ]);
  readonly #userNames = new Map<number, string | null>();

  statusById = (ctx: Ctx, id: number) => this.#statuses.find(ctx, (s) => s.id === id);
  statusByName = (ctx: Ctx, name: string) => this.#statuses.find(ctx, (s) => sameName(s.name, name));
  priorityById = (ctx: Ctx, id: number) => this.#priorities.find(ctx, (p) => p.id === id);
  priorityByName = (ctx: Ctx, name: string) => this.#priorities.find(ctx, (p) => sameName(p.name, name));
  trackerById = (ctx: Ctx, id: number) => this.#trackers.find(ctx, (t) => t.id === id);
  trackerByName = (ctx: Ctx, name: string) => this.#trackers.find(ctx, (t) => sameName(t.name, name));
  statuses = (ctx: Ctx) => this.#statuses.all(ctx);

  /** The user the API key belongs to. */
  async currentUser(ctx: Ctx): Promise<RedmineUser> {
    return (await this.#me.all(ctx))[0]!;
  }

  /** A member (user or group) of the configured project with this name, login-insensitive. */
  memberByName = (ctx: Ctx, name: string) => this.#members.find(ctx, (m) => sameName(m.name, name));
  memberById = (ctx: Ctx, id: number) => this.#members.find(ctx, (m) => m.id === id);

  /** Remembers the names Redmine sent with ids (authors, assignees, journal users). */
  remember(...refs: (RedmineRef | undefined)[]): void {
    for (const ref of refs) if (ref && ref.name) this.#userNames.set(ref.id, ref.name);
  }

  /**
   * A user's display name: remembered, else a member of the project, else `GET /users/N.json`
   * (which a non-admin may not be allowed: then the id alone is known).
   */
  async userName(ctx: Ctx, id: number): Promise<string | undefined> {
    if (this.#userNames.has(id)) return this.#userNames.get(id) ?? undefined;
    let name: string | undefined;
    try {
      name = (await this.memberById(ctx, id))?.name;
      if (name === undefined) {
        const user = await get(ctx, `/users/${id}.json`, readUser);
        name = `${user.firstname} ${user.lastname}`.trim() || user.login;
      }
    } catch (error) {
      // Not visible to the hub's user (403) or gone (404): the id is all there is to say.
      const hidden = isSwitchboardError(error) && [ErrorCode.NotFound, ErrorCode.Auth].includes(error.code);
      if (!hidden) throw error;
    }
    this.#userNames.set(id, name ?? null);
    return name;
  }
}

// One catalog per config object: an instance's config is immutable until it is reloaded, and a
// reload (new config) starts a fresh catalog.
const catalogs = new WeakMap<RedmineConfig, RedmineCatalog>();

/** The catalog of the instance `ctx` belongs to. */
export function catalogOf(ctx: Ctx): RedmineCatalog {
  let catalog = catalogs.get(ctx.config);
  if (!catalog) {
    catalog = new RedmineCatalog();
    catalogs.set(ctx.config, catalog);
  }
  return catalog;
}

async function get<T>(ctx: Ctx, path: string, reader: (body: unknown) => T): Promise<T> {
  const { data } = await ctx.http.get<unknown>(path, { signal: ctx.signal });
  return readAnswer(`GET ${path}`, data, reader);
}

async function loadMembers(ctx: Ctx): Promise<RedmineRef[]> {
  const path = `/projects/${encodeURIComponent(ctx.config.project)}/memberships.json`;
  const members: RedmineRef[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { data } = await ctx.http.get<unknown>(path, {
      query: { offset, limit: PAGE },
      signal: ctx.signal,
    });
    const page = readAnswer(`GET ${path}`, data, readMemberships);
    for (const member of page.members) {
      const ref = member.user ?? member.group;
      if (ref) members.push(ref);
    }
    if (page.members.length < PAGE || offset + PAGE >= page.total) return members;
  }
}
