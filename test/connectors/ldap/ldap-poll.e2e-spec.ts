import type { CloudEvent, GroupData, UserData } from '@switchboard/events';
import { startLdapTestServer, type LdapTestServer } from '../../support/ldap-test-server';
import { formatGeneralizedTime, parseGeneralizedTime } from '../../../connectors/ldap/generalized-time';
import { ldapConfig, LdapInstances, pollRun } from './support/ldap-instance';

// The poll against a real OpenLDAP: what a first sync emits, how changes made with ldapmodify
// come through on the next run, and how the cursor behaves.

const USER_UPSERTED = 'io.switchboard.iam.user.upserted.v1';
const USER_DEACTIVATED = 'io.switchboard.iam.user.deactivated.v1';
const GROUP_UPSERTED = 'io.switchboard.iam.group.upserted.v1';

/** `type name` of each event, sorted: what a run said, at a glance. */
function summary(events: CloudEvent[]): string[] {
  return events
    .map((event) => {
      const data = event.data as Partial<UserData & GroupData>;
      return `${event.type.split('.').slice(3, 5).join('.')} ${data.userName ?? data.displayName}`;
    })
    .sort();
}

describe('LDAP poll (real OpenLDAP)', () => {
  let ldap: LdapTestServer;
  const instances = new LdapInstances(() => ldap);
  /** The latest modifyTimestamp in the directory, as the server says. */
  const newest = async () =>
    Math.max(
      ...(
        await ldap.search('(|(objectClass=inetOrgPerson)(objectClass=groupOfNames))', ['modifyTimestamp'])
      ).map((entry) => parseGeneralizedTime(entry.attributes.modifyTimestamp![0]!)!),
    );

  beforeAll(async () => {
    ldap = await startLdapTestServer({ tls: false });
  });
  afterAll(async () => {
    instances.stopAll();
    await ldap?.stop();
  });

  it('first run: every user (dave deactivated) and group, cursor at the newest modifyTimestamp', async () => {
    const run = await pollRun(instances.bind());
    expect(summary(run.events)).toEqual([
      'group.upserted dba-oncall',
      'group.upserted it-ops',
      'group.upserted itsm-admins',
      'group.upserted service-desk',
      'user.deactivated dave',
      'user.upserted alice',
      'user.upserted bob',
      'user.upserted carol',
    ]);
    expect(run.cursor).toEqual({ modifyTimestamp: formatGeneralizedTime(await newest()) });

    const [alice] = await ldap.search('(uid=alice)', ['entryUUID', 'modifyTimestamp']);
    const aliceEvent = run.events.find((event) => (event.data as UserData).userName === 'alice')!;
    expect(aliceEvent).toMatchObject({
      type: USER_UPSERTED,
      source: '/connectors/ldap/ldap-test',
      subject: alice!.attributes.entryUUID![0],
      time: new Date(parseGeneralizedTime(alice!.attributes.modifyTimestamp![0]!)!)
        .toISOString()
        .replace('.000Z', 'Z'),
      data: {
        userName: 'alice',
        active: true,
        emails: [{ value: 'alice@example.org', type: 'work', primary: true }],
      },
    });
    const dave = run.events.find((event) => event.type === USER_DEACTIVATED)!;
    expect(dave.data).toMatchObject({ userName: 'dave', active: false, title: 'Former Contractor' });
    const itOps = run.events.find((event) => (event.data as GroupData).displayName === 'it-ops')!;
    expect((itOps.data as GroupData).members!.map((member) => member.userName)).toEqual([
      'alice',
      'bob',
      'dave',
    ]);
  });

  it('repeats itself: the same cursor gives the same event ids', async () => {
    const instance = instances.bind();
    const one = await pollRun(instance);
    const two = await pollRun(instance);
    expect(two.events.map((event) => event.id)).toEqual(one.events.map((event) => event.id));
    expect(two.cursor).toEqual(one.cursor);
  });

  it('leaves out what was written before the cursor (minus the overlap) and yields nothing from the far future', async () => {
    const after = { modifyTimestamp: formatGeneralizedTime((await newest()) + 1000) };
    const strict = instances.bind({ config: ldapConfig(ldap, { pollOverlapSeconds: 0 }) });
    expect(await pollRun(strict, after)).toEqual({ events: [], cursor: after, pages: 1 });
    // With the default overlap (60 s) the same cursor re-reads the last minute: same ids as before.
    const first = await pollRun(instances.bind());
    const overlapping = await pollRun(instances.bind(), after);
    expect(overlapping.events.map((event) => event.id).sort()).toEqual(
      first.events.map((event) => event.id).sort(),
    );
    expect(overlapping.cursor).toEqual(after);
    const far = { modifyTimestamp: '99991231235959Z' };
    expect(await pollRun(instances.bind(), far)).toEqual({ events: [], cursor: far, pages: 1 });
  });

  it('picks up an ldapmodify on the next run: a new title, a disabled account, a new member', async () => {
    const instance = instances.bind();
    const before = await pollRun(instance);
    await ldap.modify(
      `dn: ${ldap.users.bob.dn}\nchangetype: modify\nreplace: title\ntitle: Principal SRE\n\n` +
        `dn: ${ldap.users.carol.dn}\nchangetype: modify\nreplace: employeeType\nemployeeType: disabled\n\n` +
        `dn: cn=dba-oncall,ou=groups,dc=example,dc=org\nchangetype: modify\nadd: member\nmember: ${ldap.users.bob.dn}\n`,
    );
    const after = await pollRun(instance, before.cursor);
    expect(parseGeneralizedTime(after.cursor.modifyTimestamp)).toBeGreaterThanOrEqual(
      parseGeneralizedTime(before.cursor.modifyTimestamp)!,
    );
    const earlier = new Set(before.events.map((event) => event.id));
    const changed = after.events.filter((event) => !earlier.has(event.id));
    expect(summary(changed)).toEqual([
      'group.upserted dba-oncall',
      'user.deactivated carol',
      'user.upserted bob',
    ]);
    expect(changed.find((event) => event.type === USER_UPSERTED)!.data).toMatchObject({
      title: 'Principal SRE',
    });
    const dba = changed.find((event) => event.type === GROUP_UPSERTED)!.data as GroupData;
    expect(dba.members!.map((member) => member.userName)).toEqual(['alice', 'bob']);
    // The subject stays the entry's entryUUID: the same user, a new state.
    const bobBefore = before.events.find((event) => (event.data as UserData).userName === 'bob')!;
    expect(changed.find((event) => event.type === USER_UPSERTED)!.subject).toBe(bobBefore.subject);
  });

  it('reads a directory bigger than a page in pages (simple paged results), each entry once', async () => {
    const run = await pollRun(instances.bind({ config: ldapConfig(ldap, { pageSize: 1 }) }));
    const whole = await pollRun(instances.bind());
    expect(run.pages).toBe(run.events.length + 1); // one page per entry, then the cursor
    expect(run.events.map((event) => event.id).sort()).toEqual(whole.events.map((event) => event.id).sort());
  });
});
