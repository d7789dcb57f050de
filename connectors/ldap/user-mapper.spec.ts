import { attributeMap } from './attribute-map';
import { DirectoryEntry } from './directory-entry';
import { fixtureEntry, testConfig } from './testing/ldap-fixtures';
import { isDisabled, mapUser, personRefOf, userAttributes } from './user-mapper';

// Entries captured from the real OpenLDAP (fixtures/entries), mapped to canonical UserData.

const attributes = attributeMap(undefined);
const mapping = { config: testConfig(), attributes, instanceId: 'ldap-prod' };
const ALICE_REF = {
  id: 'bd1c30c2-81de-1041-9410-bb459632c458',
  userName: 'alice',
  email: 'alice@example.org',
  displayName: 'Alice Anders',
};
const IT_OPS = { id: 'bd1c7118-81de-1041-9414-bb459632c458', displayName: 'it-ops' };

describe('user mapping (captured OpenLDAP entries)', () => {
  it('maps bob to SCIM-shaped UserData, his manager and groups as resolved references', () => {
    const bob = fixtureEntry('people', 'bob');
    expect(mapUser(bob, { manager: ALICE_REF, groups: [IT_OPS] }, mapping)).toEqual({
      userName: 'bob',
      name: { givenName: 'Bob', familyName: 'Brown', formatted: 'Bob Brown' },
      displayName: 'Bob Brown',
      emails: [{ value: 'bob@example.org', type: 'work', primary: true }],
      active: true,
      title: 'Site Reliability Engineer',
      department: 'IT-Ops',
      manager: ALICE_REF,
      groups: [IT_OPS],
      accounts: [
        {
          system: 'ldap',
          instanceId: 'ldap-prod',
          id: 'bd1c40d0-81de-1041-9411-bb459632c458',
          userName: 'bob',
        },
      ],
    });
  });

  it('marks dave (employeeType: disabled) inactive', () => {
    const dave = fixtureEntry('people', 'dave');
    expect(mapUser(dave, { groups: [] }, mapping)).toMatchObject({ userName: 'dave', active: false });
    expect(isDisabled(fixtureEntry('people', 'carol'), mapping.config)).toBe(false);
  });

  it('is how other records point at alice', () => {
    expect(personRefOf(fixtureEntry('people', 'alice'), attributes)).toEqual(ALICE_REF);
  });

  it('survives odd entries: a mistyped address, upper-case marker, no uid, no mail', () => {
    const erin = mapUser(
      fixtureEntry('odd-people', 'erin'),
      { manager: { id: 'uid=former-boss,ou=people,dc=example,dc=org' }, groups: [] },
      mapping,
    );
    expect(erin).toMatchObject({
      userName: 'erin',
      displayName: 'Erin Example', // no displayName: the cn stands in
      emails: [{ value: 'erin@example.org', type: 'work', primary: true }], // erin.at.example.org left out
      active: false, // DISABLED matches "disabled"
      manager: { id: 'uid=former-boss,ou=people,dc=example,dc=org' },
    });
    expect(erin).not.toHaveProperty('groups');
    const frank = mapUser(fixtureEntry('odd-people', 'Frank Nouid'), { groups: [] }, mapping);
    expect(frank).toEqual({
      userName: 'cn=Frank Nouid,ou=people,dc=example,dc=org', // neither uid nor mail: the DN
      name: { familyName: 'Nouid', formatted: 'Frank Nouid' },
      displayName: 'Frank Nouid',
      active: true,
      title: 'Contractor',
      accounts: [{ system: 'ldap', instanceId: 'ldap-prod', id: 'bd1f8920-81de-1041-9419-bb459632c458' }],
    });
  });

  it('follows the attribute map (Active Directory names)', () => {
    const config = testConfig({ attributes: { uid: 'cn', department: 'title' } });
    const carol = mapUser(
      fixtureEntry('people', 'carol'),
      { groups: [] },
      { ...mapping, config, attributes: attributeMap(config.attributes) },
    );
    expect(carol).toMatchObject({ userName: 'Carol Chen', department: 'Service Desk Lead' });
    expect(userAttributes(config, attributeMap(config.attributes))).toEqual([
      'objectClass',
      'entryUUID',
      'cn',
      'mail',
      'sn',
      'givenName',
      'displayName',
      'title',
      'manager',
      'memberOf',
      'employeeType',
      'modifyTimestamp',
      'createTimestamp',
    ]);
  });
});

describe('the disabled rule', () => {
  const carol = fixtureEntry('people', 'carol'); // employeeType: active

  it('matches configured values case-insensitively', () => {
    expect(isDisabled(carol, testConfig({ disabledValues: ['ACTIVE'] }))).toBe(true);
    expect(isDisabled(carol, testConfig({ disabledValues: ['locked', 'disabled'] }))).toBe(false);
  });

  it('with no values, takes any value as disabled (pwdAccountLockedTime)', () => {
    expect(isDisabled(carol, testConfig({ disabledAttribute: 'employeeType', disabledValues: [] }))).toBe(
      true,
    );
    expect(isDisabled(carol, testConfig({ disabledAttribute: 'nsAccountLock', disabledValues: [] }))).toBe(
      false,
    );
  });

  it('with a bitmask, reads an integer (Active Directory userAccountControl, 2 = disabled)', () => {
    const config = testConfig({ disabledAttribute: 'employeeNumber', disabledBitmask: 2 });
    const entry = (value: string) => new DirectoryEntry(carol.dn, { employeeNumber: [value] });
    expect(isDisabled(entry('514'), config)).toBe(true); // NORMAL_ACCOUNT | ACCOUNTDISABLE
    expect(isDisabled(entry('512'), config)).toBe(false);
    expect(isDisabled(entry('not a number'), config)).toBe(false);
  });
});
