// LDAP directory connector: users and groups in (poll by modifyTimestamp), identity lookups out.
export { ldapConnector } from './ldap.connector';
export { LdapConfig } from './ldap.config';
export type { DirectoryCursor } from './directory.poll';
export { DEFAULT_ATTRIBUTES } from './attribute-map';
export type { AttributeRole } from './attribute-map';
