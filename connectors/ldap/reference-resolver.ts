import { ErrorCode, isSwitchboardError } from '@switchboard/connector-sdk';
import type { GroupMembershipRef, PersonRef } from '@switchboard/events';
import type { AttributeMap } from './attribute-map';
import { dnKey } from './distinguished-names';
import type { DirectoryEntry } from './directory-entry';
import { ANY_ENTRY } from './directory-filters';
import type { LdapConnection } from './ldap-connection';
import type { LdapConfig } from './ldap.config';
import { groupRefOf } from './group-mapper';
import { personRefOf } from './user-mapper';

/** Reads of referenced entries in flight at once (member lists can be long). */
const CONCURRENT_READS = 16;

/**
 * Turns the DNs an entry points at (`manager`, `memberOf`, `member`) into canonical references
 * carrying ids (entryUUID), names and e-mail addresses, reading each DN once per operation: a
 * poll run or a command resolves alice once however many groups and reports name her. An entry
 * the bind account cannot read, or that no longer exists, keeps its DN as its id.
 */
export class ReferenceResolver {
  readonly #entries = new Map<string, Promise<DirectoryEntry | undefined>>();

  constructor(
    private readonly connection: LdapConnection,
    private readonly config: LdapConfig,
    private readonly attributes: AttributeMap,
  ) {}

  /** Makes an entry already read known, so referring to it costs no read. */
  remember(entry: DirectoryEntry): void {
    this.#entries.set(dnKey(entry.dn), Promise.resolve(entry));
  }

  /** A person (or, for a nested group among members, the group) by DN. */
  async person(dn: string): Promise<PersonRef> {
    const entry = await this.entry(dn);
    if (!entry) return { id: dn };
    if (this.isGroup(entry)) {
      const { id, displayName } = groupRefOf(entry, this.attributes);
      return { id, ...(displayName && { displayName }) };
    }
    return personRefOf(entry, this.attributes);
  }

  /** A group by DN. */
  async group(dn: string): Promise<GroupMembershipRef> {
    const entry = await this.entry(dn);
    return entry ? groupRefOf(entry, this.attributes) : { id: dn };
  }

  /** Every DN as a person, in order, a bounded number of reads at a time. */
  async people(dns: readonly string[]): Promise<PersonRef[]> {
    const refs: PersonRef[] = [];
    for (let start = 0; start < dns.length; start += CONCURRENT_READS)
      refs.push(
        ...(await Promise.all(dns.slice(start, start + CONCURRENT_READS).map((dn) => this.person(dn)))),
      );
    return refs;
  }

  /** Every DN as a group, in order. */
  async groups(dns: readonly string[]): Promise<GroupMembershipRef[]> {
    const refs: GroupMembershipRef[] = [];
    for (let start = 0; start < dns.length; start += CONCURRENT_READS)
      refs.push(
        ...(await Promise.all(dns.slice(start, start + CONCURRENT_READS).map((dn) => this.group(dn)))),
      );
    return refs;
  }

  private isGroup(entry: DirectoryEntry): boolean {
    return this.config.groupObjectClasses.some((objectClass) => entry.hasObjectClass(objectClass));
  }

  private entry(dn: string): Promise<DirectoryEntry | undefined> {
    const key = dnKey(dn);
    let entry = this.#entries.get(key);
    if (!entry) {
      const { id, uid, mail, displayName, cn, groupName } = this.attributes;
      entry = this.connection
        .read(dn, ANY_ENTRY, ['objectClass', id, uid, mail, displayName, cn, groupName])
        .catch((error: unknown) => {
          // A DN the server refuses to show (access) or to parse is a reference we cannot follow,
          // not a failed operation; connection trouble still fails it.
          if (
            isSwitchboardError(error) &&
            (error.code === ErrorCode.Auth || error.code === ErrorCode.Validation)
          )
            return undefined;
          throw error;
        });
      this.#entries.set(key, entry);
    }
    return entry;
  }
}
