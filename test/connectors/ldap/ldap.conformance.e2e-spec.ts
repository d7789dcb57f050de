import { randomUUID } from 'node:crypto';
import { pollPages, type ConnectorInstance } from '@switchboard/connector-sdk';
import { runConnectorConformance, type ConformanceSetup } from '@switchboard/connector-testkit';
import type { UserData } from '@switchboard/events';
import { ldapConnector, type DirectoryCursor, type LdapConfig } from '../../../connectors/ldap';
import { startLdapTestServer, type LdapTestServer } from '../../support/ldap-test-server';
import { ldapConfig } from './support/ldap-instance';

// The conformance kit against a real OpenLDAP over ldaps:// with the test CA. The connector talks
// LDAP, not HTTP: the kit asserts that its 429 checks do not apply, and proves the page
// boundaries against slapd's own paging, on entries it puts under a fresh OU for each check.

interface LdapConformanceSetup extends ConformanceSetup {
  ldap: LdapTestServer;
}

const PAGE_SIZE = 3;

runConnectorConformance<LdapConfig, DirectoryCursor, LdapConformanceSetup>({
  connector: ldapConnector,
  async setup() {
    const ldap = await startLdapTestServer({ tls: true });
    return {
      ldap,
      config: ldapConfig(ldap, { url: ldap.ldapsUrl, caCertificate: ldap.caPem }),
      secrets: { bindPassword: ldap.bindPassword },
      teardown: () => ldap.stop(),
    };
  },
  badSecrets: () => ({ bindPassword: 'Wrong-Bind-Pass-0' }),
  poll: { farFutureCursor: { modifyTimestamp: '99991231235959Z' } },
  pagination: {
    pageSize: PAGE_SIZE,
    async collection(items, { ldap, config }) {
      const ou = `ou=page-probe-${randomUUID()},${ldap.baseDn}`;
      const people = items.map((item) => `uid=${item.id},${ou}`);
      await ldap.modify(
        [
          `dn: ${ou}\nchangetype: add\nobjectClass: organizationalUnit\nou: ${ou.split(',')[0]!.slice(3)}\n`,
          ...items.map(
            (item, index) =>
              `dn: ${people[index]}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: ${item.id}\ncn: Item ${item.index}\nsn: Item\n`,
          ),
        ].join('\n'),
      );
      return {
        config: { ...config, usersBaseDn: ou, groupsBaseDn: ou, pageSize: PAGE_SIZE },
        remove: () => ldap.modify([...people, ou].map((dn) => `dn: ${dn}\nchangetype: delete\n`).join('\n')),
      };
    },
    async probe(instance: ConnectorInstance<LdapConfig>) {
      const listed: string[] = [];
      for await (const page of pollPages(instance, undefined))
        listed.push(...page.events.map((event) => (event.data as UserData).userName));
      return listed;
    },
  },
  timeoutMs: 30_000,
});
