// Records what a real OpenLDAP answers, into connectors/ldap/fixtures/: the entries exactly as
// ldapts hands them over (single values as strings, several as arrays, operational attributes
// such as entryUUID and modifyTimestamp as requested). The unit specs map these captures; they
// are never written by hand. Re-run after a slapd upgrade or a change of the requested
// attributes, and review the diff (specs pin captured values such as entryUUIDs).
//
//   bash test/env/ensure-ldap.sh
//   node -r @swc-node/register test/connectors/ldap/capture-fixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { DEFAULT_ATTRIBUTES } from '../../../connectors/ldap';
import { groupAttributes } from '../../../connectors/ldap/group-mapper';
import type { LdapConfig } from '../../../connectors/ldap/ldap.config';
import { userAttributes } from '../../../connectors/ldap/user-mapper';
import { startLdapTestServer } from '../../support/ldap-test-server';

const FIXTURES = join(__dirname, '../../../connectors/ldap/fixtures');

/**
 * Entries a real directory holds but the example one does not, which the mapping must survive: a
 * mistyped address next to a good one, an upper-case disabled marker, a manager who left, a
 * person without uid or mail.
 */
const ODD_PEOPLE = `dn: uid=erin,ou=people,dc=example,dc=org
changetype: add
objectClass: inetOrgPerson
uid: erin
cn: Erin Example
sn: Example
mail: erin.at.example.org
mail: erin@example.org
employeeType: DISABLED
manager: uid=former-boss,ou=people,dc=example,dc=org

dn: cn=Frank Nouid,ou=people,dc=example,dc=org
changetype: add
objectClass: inetOrgPerson
cn: Frank Nouid
sn: Nouid
title: Contractor
`;

async function main(): Promise<void> {
  const ldap = await startLdapTestServer({ tls: false });
  const client = new Client({ url: ldap.url, timeout: 10_000 });
  const save = (name: string, value: unknown) => {
    mkdirSync(join(FIXTURES, name, '..'), { recursive: true });
    writeFileSync(join(FIXTURES, name), `${JSON.stringify(value, null, 2)}\n`);
    console.log(`wrote fixtures/${name}`);
  };
  try {
    await client.bind(ldap.bindDn, ldap.bindPassword);
    const config = {
      disabledAttribute: 'employeeType',
      groupMemberAttributes: ['member', 'uniqueMember'],
    } as LdapConfig;
    const users = await client.search(`ou=people,${ldap.baseDn}`, {
      filter: '(objectClass=inetOrgPerson)',
      attributes: userAttributes(config, DEFAULT_ATTRIBUTES),
    });
    save('entries/people.json', users.searchEntries);
    const groups = await client.search(`ou=groups,${ldap.baseDn}`, {
      filter: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))',
      attributes: groupAttributes(config, DEFAULT_ATTRIBUTES),
    });
    save('entries/groups.json', groups.searchEntries);
    const root = await client.search('', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['supportedControl', 'vendorName', 'vendorVersion'],
    });
    save('entries/root-dse.json', root.searchEntries);

    await ldap.modify(ODD_PEOPLE);
    const odd = await client.search(`ou=people,${ldap.baseDn}`, {
      filter: '(|(uid=erin)(cn=Frank Nouid))',
      attributes: userAttributes(config, DEFAULT_ATTRIBUTES),
    });
    save('entries/odd-people.json', odd.searchEntries);
  } finally {
    await client.unbind();
    await ldap.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
