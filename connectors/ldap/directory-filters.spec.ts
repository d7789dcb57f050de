import { equals, groupsMatching, modifiedSince, usersMatching } from './directory-filters';
import { testConfig } from './testing/ldap-fixtures';

describe('directory filters', () => {
  it('take a value literally: filter syntax in it is escaped (RFC 4515), never parsed', () => {
    expect(equals('uid', '*)(uid=*').toString()).toBe('(uid=\\2a\\29\\28uid=\\2a)');
    expect(equals('cn', 'Smith\\John (contractor)').toString()).toBe('(cn=Smith\\5cJohn \\28contractor\\29)');
    expect(equals('mail', '*@example.org').toString()).toBe('(mail=\\2a@example.org)');
  });

  it("find the instance's users: object class, the admin's extra filter, and the lookup", () => {
    const config = testConfig({ usersFilter: '(!(employeeType=contractor))' });
    expect(usersMatching(config, equals('uid', 'alice')).toString()).toBe(
      '(&(objectClass=inetOrgPerson)(!(employeeType=contractor))(uid=alice))',
    );
    expect(usersMatching(testConfig()).toString()).toBe('(objectClass=inetOrgPerson)');
  });

  it('find groups of any configured object class, changed since a time', () => {
    expect(groupsMatching(testConfig(), modifiedSince('20261201142009Z')).toString()).toBe(
      '(&(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))(modifyTimestamp>=20261201142009Z))',
    );
  });
});
