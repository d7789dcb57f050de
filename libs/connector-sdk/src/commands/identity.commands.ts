/**
 * The canonical commands of identity connectors (LDAP, Okta, Entra ID, …): lookups the
 * orchestrator's enrich step sends, answered in the canonical identity model.
 */
import { GroupData, IsText, Nested, OptionalField, UserData } from '@switchboard/events';
import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

/** What identifies a user: the tool's own id, the login name, an e-mail address, or (LDAP) a DN. */
export const USER_KEYS = ['id', 'userName', 'email', 'dn'] as const;
export type UserKey = (typeof USER_KEYS)[number];

@JSONSchema({ description: 'Input of user.lookup, user.groups and user.managers.' })
export class UserLookupInput {
  @IsIn(USER_KEYS)
  by!: UserKey;

  @IsText()
  value!: string;
}

@JSONSchema({ description: 'Output of user.lookup.' })
export class UserLookupOutput {
  @IsBoolean()
  found!: boolean;

  @OptionalField()
  @Nested(() => UserData)
  user?: UserData;
}

@JSONSchema({ description: 'Input of group.members.' })
export class GroupMembersInput {
  /** The group's id in the tool (an LDAP DN) or its name (`cn`, display name). */
  @IsText()
  group!: string;
}

@JSONSchema({ description: 'Output of group.members.' })
export class GroupMembersOutput {
  @IsBoolean()
  found!: boolean;

  @OptionalField()
  @Nested(() => GroupData)
  group?: GroupData;
}

@JSONSchema({ description: 'Output of user.groups.' })
export class UserGroupsOutput {
  @IsBoolean()
  found!: boolean;

  @Nested(() => GroupData, { each: true })
  groups!: GroupData[];
}

@JSONSchema({ description: 'Input of user.managers.' })
export class UserManagersInput extends UserLookupInput {
  /** How far up the chain to go (default 10; a cycle stops it earlier). */
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(50)
  depth?: number;
}

@JSONSchema({ description: 'Output of user.managers: the manager chain, nearest first.' })
export class UserManagersOutput {
  @IsBoolean()
  found!: boolean;

  @Nested(() => UserData, { each: true })
  managers!: UserData[];
}

/** The identity commands by action, for `manifest.commands`. All are reads: idempotent. */
export const IDENTITY_COMMANDS = {
  'user.lookup': {
    description: 'Finds one user by id, login name, e-mail or DN.',
    input: UserLookupInput,
    output: UserLookupOutput,
    idempotent: true,
  },
  'group.members': {
    description: 'Lists the members of a group.',
    input: GroupMembersInput,
    output: GroupMembersOutput,
    idempotent: true,
  },
  'user.groups': {
    description: 'Lists the groups a user belongs to.',
    input: UserLookupInput,
    output: UserGroupsOutput,
    idempotent: true,
  },
  'user.managers': {
    description: 'Walks the manager chain of a user, nearest first.',
    input: UserManagersInput,
    output: UserManagersOutput,
    idempotent: true,
  },
} as const;
