import { ErrorCode, SwitchboardError, type UserKey } from '@switchboard/connector-sdk';
import type { GroupData, UserData } from '@switchboard/events';
import type { Filter } from 'ldapts';
import { attributeMap, type AttributeMap } from './attribute-map';
import { dnKey, isWithin, looksLikeDn } from './distinguished-names';
import type { DirectoryEntry } from './directory-entry';
import { anyOf, equals, groupsMatching, modifiedSince, usersMatching } from './directory-filters';
import { groupAttributes, mapGroup, memberDnsOf } from './group-mapper';
import type { LdapConnection } from './ldap-connection';
import type { LdapConfig } from './ldap.config';
import { ReferenceResolver } from './reference-resolver';
import { mapUser, userAttributes } from './user-mapper';

/**
 * The directory as the identity commands and the poll see it: users and groups under the
 * configured bases, found by escaped filters, mapped to the canonical model. One per operation
 * (a command, a poll run): it remembers the entries it resolved, so each DN is read once.
 */
export class IdentityDirectory {
  readonly attributes: AttributeMap;
  readonly #refs: ReferenceResolver;
  readonly #userAttributes: string[];
  readonly #groupAttributes: string[];

  constructor(
    private readonly connection: LdapConnection,
    private readonly config: LdapConfig,
    private readonly instanceId: string,
  ) {
    this.attributes = attributeMap(config.attributes);
    this.#refs = new ReferenceResolver(connection, config, this.attributes);
    this.#userAttributes = userAttributes(config, this.attributes);
    this.#groupAttributes = groupAttributes(config, this.attributes);
  }

  /**
   * The user a lookup key names: `userName` (uid), `email` (mail), `dn` (read at that DN), `id`
   * (the id attribute, entryUUID, or a DN for entries without one). Undefined when there is none;
   * a `validation` error when several users match (look them up by dn).
   */
  async findUser(by: UserKey, value: string): Promise<DirectoryEntry | undefined> {
    if (by === 'dn' || (by === 'id' && looksLikeDn(value))) {
      if (!looksLikeDn(value))
        throw SwitchboardError.validation(`Not a DN: look up by dn with e.g. uid=alice,ou=people,…`, [
          { path: 'input.value', message: 'must be a DN' },
        ]);
      return this.connection.read(value, usersMatching(this.config), this.#userAttributes);
    }
    const attribute = { userName: this.attributes.uid, email: this.attributes.mail, id: this.attributes.id }[
      by
    ];
    return this.unique(
      'users',
      this.config.usersBaseDn,
      usersMatching(this.config, equals(attribute, value)),
    );
  }

  /** A group by DN, by name (its name attribute) or by id (entryUUID). */
  async findGroup(group: string): Promise<DirectoryEntry | undefined> {
    if (looksLikeDn(group))
      return this.connection.read(group, groupsMatching(this.config), this.#groupAttributes);
    const named = anyOf([equals(this.attributes.groupName, group), equals(this.attributes.id, group)]);
    return this.unique('groups', this.config.groupsBaseDn, groupsMatching(this.config, named));
  }

  /** The groups under the groups base that list `user` as a member (member, uniqueMember, …). */
  async groupsOf(user: DirectoryEntry): Promise<DirectoryEntry[]> {
    const listed = anyOf(this.config.groupMemberAttributes.map((attribute) => equals(attribute, user.dn)));
    return this.connection.search(
      this.search(this.config.groupsBaseDn, groupsMatching(this.config, listed), 'groups'),
      this.config.pageSize,
    );
  }

  /**
   * The manager chain of `user`, nearest first, at most `depth` long. Stops at a cycle (bob →
   * alice → bob), at a manager that is not a user or no longer exists, and at the top.
   */
  async managersOf(user: DirectoryEntry, depth: number): Promise<DirectoryEntry[]> {
    const chain: DirectoryEntry[] = [];
    const seen = new Set([dnKey(user.dn)]);
    let current = user;
    while (chain.length < depth) {
      const managerDn = current.first(this.attributes.manager);
      if (!managerDn || seen.has(dnKey(managerDn))) break;
      seen.add(dnKey(managerDn));
      const manager = await this.connection
        .read(managerDn, usersMatching(this.config), this.#userAttributes)
        .catch((error: unknown) => {
          // A manager DN the server cannot parse ends the chain like a missing manager.
          if (error instanceof SwitchboardError && error.code === ErrorCode.Validation) return undefined;
          throw error;
        });
      if (!manager) break;
      chain.push(manager);
      current = manager;
    }
    return chain;
  }

  /** Users written at or after `since` (GeneralizedTime; every user without it), page by page. */
  userPages(since: string | undefined): AsyncGenerator<DirectoryEntry[]> {
    const filter = usersMatching(this.config, ...(since ? [modifiedSince(since)] : []));
    return this.connection.pages(this.search(this.config.usersBaseDn, filter, 'users'), this.config.pageSize);
  }

  /** Groups written at or after `since`, page by page. */
  groupPages(since: string | undefined): AsyncGenerator<DirectoryEntry[]> {
    const filter = groupsMatching(this.config, ...(since ? [modifiedSince(since)] : []));
    return this.connection.pages(
      this.search(this.config.groupsBaseDn, filter, 'groups'),
      this.config.pageSize,
    );
  }

  /** Makes entries already read known to the reference resolution (a poll page). */
  remember(entries: readonly DirectoryEntry[]): void {
    for (const entry of entries) this.#refs.remember(entry);
  }

  /** A user entry as UserData, its manager and groups (under the groups base) resolved. */
  async toUser(entry: DirectoryEntry): Promise<UserData> {
    const managerDn = entry.first(this.attributes.manager);
    const groupDns = entry
      .values(this.attributes.memberOf)
      .filter((dn) => isWithin(dn, this.config.groupsBaseDn));
    const [manager, groups] = await Promise.all([
      managerDn ? this.#refs.person(managerDn) : undefined,
      this.#refs.groups(groupDns),
    ]);
    return mapUser(entry, { manager, groups }, this.mapping());
  }

  /** A group entry as GroupData, with its members resolved when `withMembers`. */
  async toGroup(entry: DirectoryEntry, withMembers: boolean): Promise<GroupData> {
    const members = withMembers ? await this.#refs.people(memberDnsOf(entry, this.config)) : undefined;
    return mapGroup(entry, members, this.mapping());
  }

  private mapping() {
    return { config: this.config, attributes: this.attributes, instanceId: this.instanceId };
  }

  private search(base: string, filter: Filter, kind: 'users' | 'groups') {
    const attributes = kind === 'users' ? this.#userAttributes : this.#groupAttributes;
    return { base, scope: 'sub' as const, filter, attributes };
  }

  /** The one entry a search finds, undefined for none, a `validation` error for several. */
  private async unique(
    kind: 'users' | 'groups',
    base: string,
    filter: Filter,
  ): Promise<DirectoryEntry | undefined> {
    // Two are enough to know it is ambiguous: no need to page through everyone.
    const found = await this.connection.find(this.search(base, filter, kind), 2);
    if (found.length > 1)
      throw SwitchboardError.validation(
        `${found.length}+ ${kind} match ${filter.toString()} under ${base}: look up by dn (${found
          .map((entry) => entry.dn)
          .join('; ')})`,
        [{ path: 'input', message: `matches several ${kind}` }],
      );
    return found[0];
  }
}
