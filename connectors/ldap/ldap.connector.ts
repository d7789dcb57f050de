import { defineConnector, IDENTITY_COMMANDS } from '@switchboard/connector-sdk';
import { EventType } from '@switchboard/events';
import { checkDirectory } from './directory.check';
import { directoryPoll, type DirectoryCursor } from './directory.poll';
import { groupMembers, lookupUser, userGroups, userManagers } from './identity.actions';
import { LdapConfig } from './ldap.config';

/**
 * An LDAP directory (OpenLDAP, 389 DS, Active Directory, …) as an identity source: users and
 * groups polled by `modifyTimestamp`, and the canonical identity lookups. It talks LDAP with
 * ldapts, so it declares no `http` hook and keeps one bound connection per instance. See
 * connectors/ldap/README.md.
 */
export const ldapConnector = defineConnector<LdapConfig, DirectoryCursor>({
  manifest: {
    id: 'ldap',
    version: '1.0.0',
    category: 'identity',
    displayName: 'LDAP directory',
    description:
      'Users and groups from an LDAP directory (OpenLDAP, 389 DS, Active Directory): changes polled by modifyTimestamp, disabled accounts as deactivations, and user, group, membership and manager-chain lookups.',
    configClass: LdapConfig,
    auth: [{ type: 'ldap_bind', bindDnField: 'bindDn', passwordSecret: 'bindPassword' }],
    emits: [EventType.UserUpserted, EventType.UserDeactivated, EventType.GroupUpserted],
    commands: IDENTITY_COMMANDS,
    poll: { intervalMs: 300_000, minIntervalMs: 30_000 },
    // Simple paged results (RFC 2696): the server hands out an opaque cookie per page.
    pagination: { style: 'cursor' },
  },
  hooks: {
    check: checkDirectory,
    poll: directoryPoll,
    actions: {
      'user.lookup': lookupUser,
      'group.members': groupMembers,
      'user.groups': userGroups,
      'user.managers': userManagers,
    },
  },
});
