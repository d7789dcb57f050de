import { connect } from 'node:tls';
import { startLdapTestServer, type LdapTestServer } from '../support/ldap-test-server';

/** Whether a TLS handshake with `port` verifies against `ca` (undefined: the system's CAs). */
function tlsVerifies(port: number, ca: string | undefined): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ...(ca && { ca }) }, () => {
      socket.end();
      resolve({ ok: socket.authorized });
    });
    socket.once('error', (error) => resolve({ ok: false, error: error.message }));
  });
}

describe('LDAP test server (real slapd)', () => {
  let ldap: LdapTestServer;

  beforeAll(async () => {
    ldap = await startLdapTestServer();
  });

  afterAll(async () => {
    await ldap?.stop();
  });

  it('lets the hub-bind service account find alice with her groups', async () => {
    expect(ldap.url).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
    const [alice, ...more] = await ldap.search('(uid=alice)', ['mail', 'memberOf', 'userPassword']);
    expect(more).toEqual([]);
    expect(alice.dn).toBe(ldap.users.alice.dn);
    expect(alice.attributes.mail).toEqual(['alice@example.org']);
    expect(alice.attributes.memberOf).toEqual(
      expect.arrayContaining([
        'cn=it-ops,ou=groups,dc=example,dc=org',
        'cn=dba-oncall,ou=groups,dc=example,dc=org',
        'cn=itsm-admins,ou=groups,dc=example,dc=org',
      ]),
    );
    expect(alice.attributes.userPassword).toBeUndefined();
    expect(await ldap.search('(objectClass=inetOrgPerson)', ['dn'])).toHaveLength(4);
  });

  it('rejects a wrong password and lets users bind with their own', async () => {
    await expect(
      ldap.search('(uid=alice)', [], { bind: { dn: ldap.bindDn, password: 'wrong' } }),
    ).rejects.toThrow(/exit 49/);
    const asBob = await ldap.search('(uid=bob)', ['manager'], { bind: ldap.users.bob });
    expect(asBob[0].attributes.manager).toEqual([ldap.users.alice.dn]);
  });

  it('takes changes from the admin', async () => {
    await ldap.modify(
      `dn: ${ldap.users.bob.dn}\nchangetype: modify\nreplace: employeeType\nemployeeType: disabled\n`,
    );
    const [bob] = await ldap.search('(uid=bob)', ['employeeType']);
    expect(bob.attributes.employeeType).toEqual(['disabled']);
  });

  it('serves ldaps with a certificate that verifies against its own CA only', async () => {
    expect(ldap.ldapsUrl).toMatch(/^ldaps:\/\/127\.0\.0\.1:\d+$/);
    expect(ldap.caPem).toContain('BEGIN CERTIFICATE');
    expect(await tlsVerifies(ldap.ldapsPort!, ldap.caPem)).toEqual({ ok: true });
    expect(await tlsVerifies(ldap.ldapsPort!, undefined)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/self[- ]signed/),
    });
    const [carol] = await ldap.search('(uid=carol)', ['title'], { url: ldap.ldapsUrl });
    expect(carol.attributes.title).toEqual(['Service Desk Lead']);
  });
});
