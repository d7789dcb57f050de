import { bindConnector, ErrorCode, pollPages, type PolledPage } from '@switchboard/connector-sdk';
import { directoryPoll, type DirectoryCursor } from './directory.poll';
import { ldapConnector } from './ldap.connector';
import type { LdapConfig } from './ldap.config';
import { startFakeLdapServer, type FakeLdapServer } from './testing/fake-ldap-server';

// The poll's cursor rules, against a fake directory holding nothing (the events themselves are
// proven against the real OpenLDAP in test/connectors/ldap/ldap-poll.e2e-spec.ts).

describe('LDAP poll cursor', () => {
  let fake: FakeLdapServer;
  const abort = new AbortController();
  beforeAll(async () => {
    fake = await startFakeLdapServer();
  });
  afterAll(async () => {
    abort.abort();
    await fake.close();
  });

  async function run(cursor: DirectoryCursor | undefined): Promise<PolledPage<DirectoryCursor>[]> {
    const bound = bindConnector(ldapConnector, {
      tenantId: 'acme',
      instanceId: 'ldap-poll-spec',
      config: {
        url: fake.url,
        bindDn: 'cn=hub-bind,ou=services,dc=example,dc=org',
        usersBaseDn: 'ou=people,dc=example,dc=org',
        groupsBaseDn: 'ou=groups,dc=example,dc=org',
      },
      secrets: { bindPassword: 'Hub-Bind-1' },
      signal: abort.signal,
    });
    if (!bound.ok) throw new Error(JSON.stringify(bound.errors));
    const pages: PolledPage<DirectoryCursor>[] = [];
    for await (const page of pollPages<LdapConfig, DirectoryCursor>(bound.instance, cursor)) pages.push(page);
    return pages;
  }

  it('ends every run with one page carrying where the next starts (the epoch when nothing was seen)', async () => {
    expect(await run(undefined)).toEqual([{ events: [], cursor: { modifyTimestamp: '19700101000000Z' } }]);
    expect(await run({ modifyTimestamp: '20261201142009Z' })).toEqual([
      { events: [], cursor: { modifyTimestamp: '20261201142009Z' } },
    ]);
    // Another spelling of a time (Active Directory's) is kept, normalized.
    expect(await run({ modifyTimestamp: '20261201142009.0Z' })).toEqual([
      { events: [], cursor: { modifyTimestamp: '20261201142009Z' } },
    ]);
  });

  it('orders cursors by time, and refuses one that is not a cursor (permanent)', async () => {
    const at = (modifyTimestamp: string) => ({ modifyTimestamp });
    expect(directoryPoll.compareCursors(at('20261201142009Z'), at('20261201142010Z'))).toBeLessThan(0);
    expect(directoryPoll.compareCursors(at('20261201162009+0200'), at('20261201142009Z'))).toBe(0);
    await expect(
      run({ updatedAt: '2026-12-01T14:20:09Z' } as unknown as DirectoryCursor),
    ).rejects.toMatchObject({
      code: ErrorCode.Permanent,
      message: expect.stringContaining('Not an LDAP poll cursor'),
    });
  });
});
