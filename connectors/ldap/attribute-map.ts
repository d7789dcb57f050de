// Which directory attribute carries which canonical field. The defaults are the inetOrgPerson and
// groupOfNames schema (OpenLDAP, 389 Directory Server); Active Directory and others override
// some of them in the instance config (`attributes`).

/** An LDAP attribute description: a name or an OID, with options (`cn;lang-en`). */
export const ATTRIBUTE_NAME = /^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)+)(;[A-Za-z0-9-]+)*$/;

/** The canonical role of each mapped attribute and its default. */
export const DEFAULT_ATTRIBUTES = Object.freeze({
  /** Stable id of users and groups (the event subject); the DN when an entry has none. */
  id: 'entryUUID',
  /** → `userName` (login name). */
  uid: 'uid',
  /** → `emails` (every value; the first is primary). */
  mail: 'mail',
  /** → `name.formatted`, and `displayName` when there is no displayName. */
  cn: 'cn',
  /** → `name.familyName`. */
  sn: 'sn',
  /** → `name.givenName`. */
  givenName: 'givenName',
  /** → `displayName`. */
  displayName: 'displayName',
  /** → `title`. */
  title: 'title',
  /** → `department` (inetOrgPerson has departmentNumber; AD has department). */
  department: 'departmentNumber',
  /** DN of the manager → `manager`, and the `user.managers` chain. */
  manager: 'manager',
  /** DNs of the user's groups (the memberof overlay, AD) → `groups`. */
  memberOf: 'memberOf',
  /** A group's name → its `displayName`, and how `group.members` finds a group by name. */
  groupName: 'cn',
});

export type AttributeRole = keyof typeof DEFAULT_ATTRIBUTES;
export type AttributeMap = Readonly<Record<AttributeRole, string>>;

export const ATTRIBUTE_ROLES = Object.keys(DEFAULT_ATTRIBUTES) as AttributeRole[];

/** The instance's map: its overrides over the defaults. */
export function attributeMap(overrides: Partial<Record<AttributeRole, string>> | undefined): AttributeMap {
  return { ...DEFAULT_ATTRIBUTES, ...overrides };
}

/** Why `value` is not a valid attribute map (completes "attributes …"), or undefined. */
export function attributeMapProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  for (const [role, attribute] of Object.entries(value)) {
    if (!(ATTRIBUTE_ROLES as string[]).includes(role))
      return `has an unknown key "${role}" (known: ${ATTRIBUTE_ROLES.join(', ')})`;
    if (typeof attribute !== 'string' || !ATTRIBUTE_NAME.test(attribute))
      return `value of "${role}" must be an LDAP attribute name, e.g. ${DEFAULT_ATTRIBUTES[role as AttributeRole]}`;
  }
  return undefined;
}
