import type { GroupData, GroupMembershipRef, PersonRef } from '@switchboard/events';
import type { AttributeMap } from './attribute-map';
import { dnKey, withoutOptionalUid } from './distinguished-names';
import type { DirectoryEntry } from './directory-entry';
import type { LdapConfig } from './ldap.config';
import { entryId, LDAP_SYSTEM } from './user-mapper';

/** The attributes a group search asks for. */
export function groupAttributes(config: LdapConfig, attributes: AttributeMap): string[] {
  return [
    'objectClass',
    attributes.id,
    attributes.groupName,
    ...config.groupMemberAttributes,
    'modifyTimestamp',
    'createTimestamp',
  ];
}

/** The DNs of a group's members, over every member attribute, each once, in the server's order. */
export function memberDnsOf(entry: DirectoryEntry, config: LdapConfig): string[] {
  const seen = new Set<string>();
  const members: string[] = [];
  for (const attribute of config.groupMemberAttributes)
    for (const value of entry.values(attribute)) {
      const dn = withoutOptionalUid(value);
      if (!seen.has(dnKey(dn))) {
        seen.add(dnKey(dn));
        members.push(dn);
      }
    }
  return members;
}

/** A group's name: its name attribute, else the value of its first RDN, else the DN. */
export function groupNameOf(entry: DirectoryEntry, attributes: AttributeMap): string {
  return entry.first(attributes.groupName) ?? /^[^=]+=((?:\\.|[^,])+)/.exec(entry.dn)?.[1] ?? entry.dn;
}

/** How a user record points at this group. */
export function groupRefOf(entry: DirectoryEntry, attributes: AttributeMap): GroupMembershipRef {
  return { id: entryId(entry, attributes), displayName: groupNameOf(entry, attributes) };
}

/** A group entry as canonical GroupData; `members` (resolved by the caller) only when asked for. */
export function mapGroup(
  entry: DirectoryEntry,
  members: PersonRef[] | undefined,
  mapping: { attributes: AttributeMap; instanceId: string },
): GroupData {
  return {
    displayName: groupNameOf(entry, mapping.attributes),
    ...(members && { members }),
    externalRefs: [
      { system: LDAP_SYSTEM, instanceId: mapping.instanceId, id: entryId(entry, mapping.attributes) },
    ],
  };
}
