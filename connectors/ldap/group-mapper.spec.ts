import { attributeMap } from './attribute-map';
import { DirectoryEntry } from './directory-entry';
import { groupNameOf, mapGroup, memberDnsOf } from './group-mapper';
import { fixtureEntry, testConfig } from './testing/ldap-fixtures';

const attributes = attributeMap(undefined);

describe('group mapping (captured OpenLDAP entries)', () => {
  it('lists the members of it-ops in the order the directory keeps them', () => {
    expect(memberDnsOf(fixtureEntry('groups', 'it-ops'), testConfig())).toEqual([
      'uid=alice,ou=people,dc=example,dc=org',
      'uid=bob,ou=people,dc=example,dc=org',
      'uid=dave,ou=people,dc=example,dc=org',
    ]);
  });

  it('maps a group to GroupData with its members (resolved by the caller) and where it lives', () => {
    const members = [{ id: 'a', userName: 'alice' }];
    expect(
      mapGroup(fixtureEntry('groups', 'dba-oncall'), members, { attributes, instanceId: 'ldap-prod' }),
    ).toEqual({
      displayName: 'dba-oncall',
      members,
      externalRefs: [{ system: 'ldap', instanceId: 'ldap-prod', id: 'bd1c922e-81de-1041-9415-bb459632c458' }],
    });
    expect(
      mapGroup(fixtureEntry('groups', 'dba-oncall'), undefined, { attributes, instanceId: 'x' }),
    ).not.toHaveProperty('members');
  });

  it('reads groupOfUniqueNames too: uniqueMember values without their optional UID, each member once', () => {
    const group = new DirectoryEntry('cn=auditors,ou=groups,dc=example,dc=org', {
      objectClass: ['groupOfUniqueNames'],
      uniqueMember: [
        "uid=carol,ou=people,dc=example,dc=org#'0101'B",
        'uid=alice,ou=people,dc=example,dc=org',
      ],
      member: ['UID=Carol,ou=people,dc=example,dc=org'],
    });
    expect(memberDnsOf(group, testConfig({ groupMemberAttributes: ['uniqueMember', 'member'] }))).toEqual([
      'uid=carol,ou=people,dc=example,dc=org',
      'uid=alice,ou=people,dc=example,dc=org',
    ]);
  });

  it('names a group without a name attribute by its first RDN', () => {
    expect(groupNameOf(new DirectoryEntry('ou=Auditors\\, external,ou=groups,dc=org', {}), attributes)).toBe(
      'Auditors\\, external',
    );
  });
});
