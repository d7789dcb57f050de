// @switchboard/connectors: the catalogue of connectors shipped in this repository. Apps register
// every entry into the connector-type registry at start; `npm run connector:new` adds a line here.
import type { AnyConnectorDefinition } from '@switchboard/connector-sdk';
import { alertmanagerConnector } from './alertmanager';
import { jiraConnector } from './jira';
import { ldapConnector } from './ldap';
import { redmineConnector } from './redmine';

/** Every connector under `connectors/`, by id. */
export const CONNECTORS: readonly AnyConnectorDefinition[] = [
  alertmanagerConnector,
  jiraConnector,
  ldapConnector,
  redmineConnector,
];
