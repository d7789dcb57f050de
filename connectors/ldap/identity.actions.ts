import type {
  ActionHandler,
  ConnectorContext,
  GroupMembersInput,
  GroupMembersOutput,
  UserGroupsOutput,
  UserLookupInput,
  UserLookupOutput,
  UserManagersInput,
  UserManagersOutput,
} from '@switchboard/connector-sdk';
import { withConnection } from './connection-pool';
import { IdentityDirectory } from './identity-directory';
import type { LdapConfig } from './ldap.config';

/** How far `user.managers` walks when the command does not say (the canonical default). */
export const DEFAULT_MANAGER_DEPTH = 10;

/** Runs `work` with a fresh view of the directory on the instance's connection. */
function withDirectory<T>(
  ctx: ConnectorContext<LdapConfig>,
  work: (directory: IdentityDirectory) => Promise<T>,
): Promise<T> {
  return withConnection(ctx, (connection) =>
    work(new IdentityDirectory(connection, ctx.config, ctx.instanceId)),
  );
}

/** `user.lookup`: one user by id (entryUUID), userName (uid), email (mail) or dn. */
export const lookupUser: ActionHandler<LdapConfig, UserLookupInput, UserLookupOutput> = (ctx, input) =>
  withDirectory(ctx, async (directory) => {
    const entry = await directory.findUser(input.by, input.value);
    return entry ? { found: true, user: await directory.toUser(entry) } : { found: false };
  });

/** `group.members`: a group (by DN, name or id) with its members resolved. */
export const groupMembers: ActionHandler<LdapConfig, GroupMembersInput, GroupMembersOutput> = (ctx, input) =>
  withDirectory(ctx, async (directory) => {
    const entry = await directory.findGroup(input.group);
    return entry ? { found: true, group: await directory.toGroup(entry, true) } : { found: false };
  });

/** `user.groups`: the groups listing the user as a member (their members left out). */
export const userGroups: ActionHandler<LdapConfig, UserLookupInput, UserGroupsOutput> = (ctx, input) =>
  withDirectory(ctx, async (directory) => {
    const user = await directory.findUser(input.by, input.value);
    if (!user) return { found: false, groups: [] };
    const groups = await directory.groupsOf(user);
    return { found: true, groups: await Promise.all(groups.map((group) => directory.toGroup(group, false))) };
  });

/** `user.managers`: the manager chain, nearest first, cycle-safe and at most `depth` long. */
export const userManagers: ActionHandler<LdapConfig, UserManagersInput, UserManagersOutput> = (ctx, input) =>
  withDirectory(ctx, async (directory) => {
    const user = await directory.findUser(input.by, input.value);
    if (!user) return { found: false, managers: [] };
    const chain = await directory.managersOf(user, input.depth ?? DEFAULT_MANAGER_DEPTH);
    directory.remember(chain);
    const managers = [];
    for (const manager of chain) managers.push(await directory.toUser(manager));
    return { found: true, managers };
  });
