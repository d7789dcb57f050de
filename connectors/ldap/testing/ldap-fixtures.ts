import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConnectorConfig } from '@switchboard/connector-sdk';
import type { Entry } from 'ldapts';
import { DirectoryEntry } from '../directory-entry';
import { ldapConnector } from '../ldap.connector';
import type { LdapConfig } from '../ldap.config';

// Shared by the connector's specs: entries captured from a real OpenLDAP
// (test/connectors/ldap/capture-fixtures.ts) and configs validated as the runtime validates them.

const FIXTURES = join(__dirname, '..', 'fixtures');

/** The entries of `fixtures/entries/<name>.json`, as ldapts returned them, read as the connector reads them. */
export function fixtureEntries(name: 'people' | 'groups' | 'odd-people' | 'root-dse'): DirectoryEntry[] {
  const raw = JSON.parse(readFileSync(join(FIXTURES, 'entries', `${name}.json`), 'utf8')) as Entry[];
  return raw.map((entry) => DirectoryEntry.fromLdapts(entry));
}

/** One captured entry by the value of its first RDN (`alice`, `it-ops`, `Frank Nouid`). */
export function fixtureEntry(name: 'people' | 'groups' | 'odd-people', rdnValue: string): DirectoryEntry {
  const entry = fixtureEntries(name).find(
    (candidate) => candidate.dn.split(',')[0]!.split('=')[1] === rdnValue,
  );
  if (!entry) throw new Error(`No ${rdnValue} in fixtures/entries/${name}.json`);
  return entry;
}

/** The config of the example directory, as validated by the runtime (defaults applied). */
export function testConfig(overrides: Record<string, unknown> = {}): LdapConfig {
  const { bindPassword = 'Hub-Bind-1', ...config } = overrides;
  const resolved = resolveConnectorConfig(
    ldapConnector.manifest,
    {
      url: 'ldap://127.0.0.1:3389',
      bindDn: 'cn=hub-bind,ou=services,dc=example,dc=org',
      usersBaseDn: 'ou=people,dc=example,dc=org',
      groupsBaseDn: 'ou=groups,dc=example,dc=org',
      ...config,
    },
    { bindPassword },
  );
  if (!resolved.ok) throw new Error(`test config refused: ${JSON.stringify(resolved.errors)}`);
  return resolved.config;
}
