import { toCloudEvent, type ConnectorEvent } from '@switchboard/connector-sdk';
import { validateEvent } from '@switchboard/events';
import { attributeMap } from './attribute-map';
import { DirectoryEntry } from './directory-entry';
import { groupEvent, userEvent } from './identity-events';
import { mapGroup } from './group-mapper';
import { fixtureEntry, testConfig } from './testing/ldap-fixtures';
import { mapUser } from './user-mapper';

const attributes = attributeMap(undefined);
const mapping = { config: testConfig(), attributes, instanceId: 'ldap-prod' };
const origin = { tenantId: 'acme', connectorType: 'ldap', instanceId: 'ldap-prod' };

describe('identity events', () => {
  it('are valid canonical events about the entry, timed when the directory wrote it', () => {
    const bob = fixtureEntry('people', 'bob');
    const event = userEvent(bob, mapUser(bob, { groups: [] }, mapping), attributes);
    expect(event).toMatchObject({
      type: 'io.switchboard.iam.user.upserted.v1',
      subject: 'bd1c40d0-81de-1041-9411-bb459632c458', // entryUUID
      time: '2026-12-01T14:25:01Z', // modifyTimestamp 20261201142501Z
    });
    const group = fixtureEntry('groups', 'it-ops');
    const groupData = mapGroup(group, [{ id: 'someone' }], mapping);
    for (const connectorEvent of [event, groupEvent(group, groupData, attributes)] as ConnectorEvent[]) {
      const result = validateEvent(toCloudEvent(connectorEvent, origin));
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('say deactivated for an account the disabled rule matches', () => {
    const dave = fixtureEntry('people', 'dave');
    expect(userEvent(dave, mapUser(dave, { groups: [] }, mapping), attributes).type).toBe(
      'io.switchboard.iam.user.deactivated.v1',
    );
  });

  it('repeat their id when the same entry is read again, and change it when what it says changes', () => {
    const carol = fixtureEntry('people', 'carol');
    const id = (entry: DirectoryEntry) =>
      toCloudEvent(userEvent(entry, mapUser(entry, { groups: [] }, mapping), attributes), origin).id;
    expect(id(fixtureEntry('people', 'carol'))).toBe(id(carol));
    // Another write within the same second (modifyTimestamp has whole seconds): a new id.
    const retitled = new DirectoryEntry(carol.dn, {
      ...carol.toJSON().attributes,
      title: ['Service Desk Manager'],
    });
    expect(retitled.first('modifyTimestamp')).toBe(carol.first('modifyTimestamp'));
    expect(id(retitled)).not.toBe(id(carol));
  });

  it('fall back to the DN as subject, and to a fixed time, for entries without entryUUID or timestamps', () => {
    const bare = new DirectoryEntry('uid=zed,ou=people,dc=example,dc=org', { uid: ['zed'] });
    expect(userEvent(bare, mapUser(bare, { groups: [] }, mapping), attributes)).toMatchObject({
      subject: 'uid=zed,ou=people,dc=example,dc=org',
      time: '1970-01-01T00:00:00Z',
    });
  });
});
