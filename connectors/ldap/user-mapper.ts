import {
  EMAIL_PATTERN,
  type GroupMembershipRef,
  type PersonRef,
  type UserData,
  type UserEmail,
  type UserName,
} from '@switchboard/events';
import type { AttributeMap } from './attribute-map';
import type { DirectoryEntry } from './directory-entry';
import type { LdapConfig } from './ldap.config';

/** `system` of the accounts and external references this connector writes. */
export const LDAP_SYSTEM = 'ldap';

/** What the user mapping needs besides the entry. */
export interface UserMapping {
  config: LdapConfig;
  attributes: AttributeMap;
  instanceId: string;
}

/** The id of a user or group: its `id` attribute (entryUUID) or, when it has none, its DN. */
export function entryId(entry: DirectoryEntry, attributes: AttributeMap): string {
  return entry.first(attributes.id) ?? entry.dn;
}

/** The attributes a user search asks for: operational ones (entryUUID, timestamps) by name. */
export function userAttributes(config: LdapConfig, attributes: AttributeMap): string[] {
  const { groupName: _groupName, ...user } = attributes;
  return unique([
    'objectClass',
    ...Object.values(user),
    config.disabledAttribute,
    'modifyTimestamp',
    'createTimestamp',
  ]);
}

/**
 * Whether the account is disabled by the instance's rule: `disabledAttribute` has one of
 * `disabledValues` (case-insensitive; with none configured, any value), or, with
 * `disabledBitmask`, an integer value with one of those bits (AD userAccountControl).
 */
export function isDisabled(entry: DirectoryEntry, config: LdapConfig): boolean {
  const values = entry.values(config.disabledAttribute);
  if (config.disabledBitmask !== undefined) {
    const mask = config.disabledBitmask;
    return values.some((value) => /^-?\d+$/.test(value) && (Number(value) & mask) !== 0);
  }
  if (config.disabledValues.length === 0) return values.length > 0;
  const disabled = new Set(config.disabledValues.map((value) => value.toLowerCase()));
  return values.some((value) => disabled.has(value.toLowerCase()));
}

/** The addresses of `mail` the canonical model accepts (a typo in the directory is left out). */
export function emailsOf(entry: DirectoryEntry, attributes: AttributeMap): string[] {
  return entry.values(attributes.mail).filter((value) => EMAIL_PATTERN.test(value));
}

/** How other records point at this user: id, login, e-mail, name, as far as known. */
export function personRefOf(entry: DirectoryEntry, attributes: AttributeMap): PersonRef {
  const userName = entry.first(attributes.uid);
  const [email] = emailsOf(entry, attributes);
  const displayName = entry.first(attributes.displayName) ?? entry.first(attributes.cn);
  return {
    id: entryId(entry, attributes),
    ...(userName && { userName }),
    ...(email && { email }),
    ...(displayName && { displayName }),
  };
}

/**
 * A user entry as canonical UserData (SCIM shaped). `manager` and `groups` are the entry's
 * `manager` and `memberOf` DNs, already resolved to references by the caller.
 */
export function mapUser(
  entry: DirectoryEntry,
  related: { manager?: PersonRef; groups: GroupMembershipRef[] },
  mapping: UserMapping,
): UserData {
  const { attributes } = mapping;
  const uid = entry.first(attributes.uid);
  const emails = emailsOf(entry, attributes);
  const name = compact<UserName>({
    givenName: entry.first(attributes.givenName),
    familyName: entry.first(attributes.sn),
    formatted: entry.first(attributes.cn),
  });
  const displayName = entry.first(attributes.displayName) ?? entry.first(attributes.cn);
  const title = entry.first(attributes.title);
  const department = entry.first(attributes.department);
  return {
    // A user without a login name is still someone: the e-mail address or the DN stands in.
    userName: uid ?? emails[0] ?? entry.dn,
    ...(name && { name }),
    ...(displayName && { displayName }),
    ...(emails.length > 0 && {
      emails: emails.map((value, index): UserEmail => ({ value, type: 'work', primary: index === 0 })),
    }),
    active: !isDisabled(entry, mapping.config),
    ...(title && { title }),
    ...(department && { department }),
    ...(related.manager && { manager: related.manager }),
    ...(related.groups.length > 0 && { groups: related.groups }),
    accounts: [
      {
        system: LDAP_SYSTEM,
        instanceId: mapping.instanceId,
        id: entryId(entry, attributes),
        ...(uid && { userName: uid }),
      },
    ],
  };
}

/** The object without its undefined properties, or undefined when none is left. */
function compact<T extends object>(object: { [K in keyof T]: T[K] | undefined }): T | undefined {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
