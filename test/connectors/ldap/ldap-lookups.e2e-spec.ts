import { ErrorCode, SwitchboardError } from '@switchboard/connector-sdk';
import type { GroupData, UserData } from '@switchboard/events';
import { startLdapTestServer, type LdapTestServer } from '../../support/ldap-test-server';
import { act, ldapConfig, LdapInstances } from './support/ldap-instance';

// The identity commands against a real OpenLDAP (test/env/ldap/example-org.ldif): what the
// orchestrator's enrich step gets back for alice, bob, carol and dave.

interface Lookup {
  found: boolean;
  user?: UserData;
}

describe('LDAP identity commands (real OpenLDAP)', () => {
  let ldap: LdapTestServer;
  const instances = new LdapInstances(() => ldap);
  /** entryUUID by uid or cn, as the directory assigned them. */
  const ids: Record<string, string> = {};
  const ref = (name: string) => ({ id: ids[name]!, displayName: name });
  const person = (uid: string, displayName: string) => ({
    id: ids[uid]!,
    userName: uid,
    email: `${uid}@example.org`,
    displayName,
  });

  beforeAll(async () => {
    ldap = await startLdapTestServer({ tls: false });
    for (const entry of await ldap.search('(|(uid=*)(objectClass=groupOfNames))', ['uid', 'cn', 'entryUUID']))
      ids[entry.attributes.uid?.[0] ?? entry.attributes.cn![0]!] = entry.attributes.entryUUID![0]!;
  });
  afterAll(async () => {
    instances.stopAll();
    await ldap?.stop();
  });

  const lookup = (by: string, value: string, config?: Record<string, unknown>) =>
    act<Lookup>(instances.bind(config && { config }), 'user.lookup', { by, value });

  describe('user.lookup', () => {
    it('finds alice by login name, with her groups and account, SCIM shaped', async () => {
      expect(await lookup('userName', 'alice')).toEqual({
        found: true,
        user: {
          userName: 'alice',
          name: { givenName: 'Alice', familyName: 'Anders', formatted: 'Alice Anders' },
          displayName: 'Alice Anders',
          emails: [{ value: 'alice@example.org', type: 'work', primary: true }],
          active: true,
          title: 'Database Administrator',
          department: 'IT-Ops',
          groups: [ref('it-ops'), ref('dba-oncall'), ref('itsm-admins')],
          accounts: [{ system: 'ldap', instanceId: 'ldap-test', id: ids.alice, userName: 'alice' }],
        },
      });
    });

    it('finds bob by e-mail, his manager alice as a reference', async () => {
      const { user } = await lookup('email', 'bob@example.org');
      expect(user).toMatchObject({
        userName: 'bob',
        title: 'Site Reliability Engineer',
        manager: person('alice', 'Alice Anders'),
        groups: [ref('it-ops')],
      });
    });

    it('finds carol by DN (read at that DN) and dave, disabled, by entryUUID', async () => {
      expect((await lookup('dn', ldap.users.carol.dn)).user).toMatchObject({
        userName: 'carol',
        department: 'Service-Desk',
        groups: [ref('service-desk'), ref('itsm-admins')],
      });
      expect((await lookup('dn', ldap.users.carol.dn)).user).not.toHaveProperty('manager');
      expect((await lookup('id', ids.dave!)).user).toMatchObject({ userName: 'dave', active: false });
      expect((await lookup('id', ldap.users.dave.dn)).user).toMatchObject({ userName: 'dave' });
    });

    it('answers found: false for nobody, a DN that is no user, and a DN that does not exist', async () => {
      for (const [by, value] of [
        ['userName', 'nobody'],
        ['email', 'nobody@example.org'],
        ['id', '00000000-0000-0000-0000-000000000000'],
        ['dn', 'cn=it-ops,ou=groups,dc=example,dc=org'],
        ['dn', 'uid=ghost,ou=people,dc=example,dc=org'],
        ['dn', 'uid=ghost,ou=nowhere,dc=example,dc=org'],
      ])
        expect(await lookup(by!, value!)).toEqual({ found: false });
    });

    it('refuses a DN that is not one, with what the server said (validation)', async () => {
      for (const value of ['alice', 'uid=alice,,ou=people']) {
        const error = await lookup('dn', value).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SwitchboardError);
        expect(error).toMatchObject({ code: ErrorCode.Validation });
      }
      await expect(lookup('dn', 'uid=alice,,ou=people')).rejects.toThrow('invalidDNSyntax (34)');
    });

    it('refuses to guess between two users sharing an address (validation, naming both)', async () => {
      const twin = 'uid=bob2,ou=people,dc=example,dc=org';
      await ldap.modify(
        `dn: ${twin}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: bob2\ncn: Bob Two\nsn: Two\nmail: bob@example.org\n`,
      );
      try {
        await expect(lookup('email', 'bob@example.org')).rejects.toMatchObject({
          code: ErrorCode.Validation,
          message: expect.stringMatching(
            /^2\+ users match \(&\(objectClass=inetOrgPerson\)\(mail=bob@example\.org\)\) under ou=people,dc=example,dc=org: look up by dn \(.*uid=bob2,/,
          ),
        });
        expect((await lookup('dn', twin)).user).toMatchObject({ userName: 'bob2' });
      } finally {
        await ldap.modify(`dn: ${twin}\nchangetype: delete\n`);
      }
    });

    it('follows the attribute map: another attribute as the login name', async () => {
      const config = ldapConfig(ldap, { attributes: { uid: 'employeeNumber' } });
      expect((await lookup('userName', '1002', config)).user).toMatchObject({
        userName: '1002',
        displayName: 'Bob Brown',
        accounts: [{ system: 'ldap', instanceId: 'ldap-test', id: ids.bob, userName: '1002' }],
      });
    });
  });

  describe('filter values are taken literally (RFC 4515 escaping)', () => {
    it('*)(uid=* finds nothing extra: not every user, not an error about several', async () => {
      for (const value of ['*)(uid=*', '*', 'al*', '*)(|(uid=*', 'alice)(uid=bob'])
        expect(await lookup('userName', value)).toEqual({ found: false });
      expect(await lookup('email', '*@example.org')).toEqual({ found: false });
      expect(await act(instances.bind(), 'group.members', { group: '*' })).toEqual({ found: false });
    });

    it('and finds the one entry whose uid is literally *)(uid=*', async () => {
      await ldap.modify(
        'dn: cn=Literal Star,ou=people,dc=example,dc=org\nchangetype: add\nobjectClass: inetOrgPerson\n' +
          'cn: Literal Star\nsn: Star\nuid: *)(uid=*\n',
      );
      const { user } = await lookup('userName', '*)(uid=*');
      expect(user).toMatchObject({ userName: '*)(uid=*', displayName: 'Literal Star' });
    });
  });

  describe('groups', () => {
    it('group.members lists it-ops (by name, DN or entryUUID) with each member resolved', async () => {
      const expected = {
        found: true,
        group: {
          displayName: 'it-ops',
          members: [person('alice', 'Alice Anders'), person('bob', 'Bob Brown'), person('dave', 'Dave Dunn')],
          externalRefs: [{ system: 'ldap', instanceId: 'ldap-test', id: ids['it-ops'] }],
        },
      };
      for (const group of ['it-ops', 'cn=it-ops,ou=groups,dc=example,dc=org', ids['it-ops']!])
        expect(await act(instances.bind(), 'group.members', { group })).toEqual(expected);
      expect(await act(instances.bind(), 'group.members', { group: 'no-such-group' })).toEqual({
        found: false,
      });
    });

    it('user.groups lists the groups naming the user as member (member and uniqueMember)', async () => {
      await ldap.modify(
        'dn: cn=auditors,ou=groups,dc=example,dc=org\nchangetype: add\nobjectClass: groupOfUniqueNames\n' +
          `cn: auditors\nuniqueMember: ${ldap.users.carol.dn}\n`,
      );
      const names = async (by: string, value: string) => {
        const { found, groups } = await act<{ found: boolean; groups: GroupData[] }>(
          instances.bind(),
          'user.groups',
          {
            by,
            value,
          },
        );
        return { found, names: groups.map((group) => group.displayName).sort() };
      };
      expect(await names('userName', 'alice')).toEqual({
        found: true,
        names: ['dba-oncall', 'it-ops', 'itsm-admins'],
      });
      expect(await names('email', 'carol@example.org')).toEqual({
        found: true,
        names: ['auditors', 'itsm-admins', 'service-desk'],
      });
      expect(await names('userName', 'nobody')).toEqual({ found: false, names: [] });
      const { group } = await act<{ group: GroupData }>(instances.bind(), 'group.members', {
        group: 'auditors',
      });
      expect(group.members).toEqual([person('carol', 'Carol Chen')]);
    });
  });

  describe('user.managers', () => {
    const chain = async (uid: string, depth?: number) => {
      const { found, managers } = await act<{ found: boolean; managers: UserData[] }>(
        instances.bind(),
        'user.managers',
        {
          by: 'userName',
          value: uid,
          ...(depth && { depth }),
        },
      );
      return { found, managers: managers.map((manager) => manager.userName) };
    };

    it("walks bob's chain to alice, who has no manager", async () => {
      const { managers } = await act<{ managers: UserData[] }>(instances.bind(), 'user.managers', {
        by: 'userName',
        value: 'bob',
      });
      expect(managers).toEqual([
        expect.objectContaining({ userName: 'alice', title: 'Database Administrator' }),
      ]);
      expect(await chain('alice')).toEqual({ found: true, managers: [] });
      expect(await chain('nobody')).toEqual({ found: false, managers: [] });
    });

    it('stops at the depth asked for, at a cycle, and at a manager who left', async () => {
      const setManager = (uid: string, manager: string) =>
        ldap.modify(
          `dn: uid=${uid},ou=people,dc=example,dc=org\nchangetype: modify\nreplace: manager\nmanager: ${manager}\n`,
        );
      await setManager('carol', ldap.users.bob.dn);
      expect(await chain('carol')).toEqual({ found: true, managers: ['bob', 'alice'] });
      expect(await chain('carol', 1)).toEqual({ found: true, managers: ['bob'] });

      await setManager('alice', ldap.users.carol.dn); // carol → bob → alice → carol
      expect(await chain('carol')).toEqual({ found: true, managers: ['bob', 'alice'] });
      expect(await chain('bob')).toEqual({ found: true, managers: ['alice', 'carol'] });

      await setManager('dave', 'uid=former-boss,ou=people,dc=example,dc=org');
      expect(await chain('dave')).toEqual({ found: true, managers: [] });
      expect((await lookup('userName', 'dave')).user?.manager).toEqual({
        id: 'uid=former-boss,ou=people,dc=example,dc=org',
      });
    });
  });
});
