import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, runCheck } from '@switchboard/connector-sdk';
import { startLdapTestServer, type LdapTestServer } from '../../support/ldap-test-server';
import { act, ldapConfig, LdapInstances, pollRun } from './support/ldap-instance';

// How the connector reaches a real OpenLDAP: ldap://, ldaps:// and StartTLS with the test CA
// (and refusing other certificates), and what admins and the bus see when the credentials, the
// base DN or the server are wrong.

const UNRELATED_CA = readFileSync(
  join(__dirname, '../../../connectors/ldap/fixtures/tls/unrelated-ca.pem'),
  'utf8',
);

describe('LDAP connection, TLS and errors (real OpenLDAP)', () => {
  let ldap: LdapTestServer;
  const instances = new LdapInstances(() => ldap);
  const check = (overrides: Record<string, unknown>, secrets?: Record<string, unknown>) =>
    runCheck(instances.bind({ config: ldapConfig(ldap, overrides), ...(secrets && { secrets }) }));
  const alice = (overrides: Record<string, unknown>, secrets?: Record<string, unknown>) =>
    act<{ found: boolean }>(
      instances.bind({ config: ldapConfig(ldap, overrides), ...(secrets && { secrets }) }),
      'user.lookup',
      { by: 'userName', value: 'alice' },
    );

  beforeAll(async () => {
    ldap = await startLdapTestServer({ tls: true });
  });
  afterAll(async () => {
    instances.stopAll();
    await ldap?.stop();
  });

  describe('TLS', () => {
    it('ldaps:// with the test CA: passes, and says nothing about plain text', async () => {
      const tls = { url: ldap.ldapsUrl, caCertificate: ldap.caPem };
      const result = await check(tls);
      expect(result).toEqual({
        ok: true,
        status: 'ok',
        detail: `Bound as ${ldap.bindDn} on ${ldap.ldapsUrl} and read ou=people,dc=example,dc=org and ou=groups,dc=example,dc=org`,
        remote: { pagedResults: 'yes' },
      });
      expect(await alice(tls)).toMatchObject({ found: true });
      // The certificate names localhost too: a host name (sent as SNI) works as well as the IP.
      expect(await check({ ...tls, url: ldap.ldapsUrl!.replace('127.0.0.1', 'localhost') })).toMatchObject({
        ok: true,
      });
    });

    it('ldaps:// refuses a certificate from another CA, or from no CA the system trusts', async () => {
      for (const caCertificate of [UNRELATED_CA, undefined]) {
        const config = { url: ldap.ldapsUrl, ...(caCertificate && { caCertificate }) };
        const result = await check(config);
        expect(result).toMatchObject({
          ok: false,
          status: 'unreachable',
          detail: expect.stringMatching(
            /TLS: self-signed certificate in certificate chain \(SELF_SIGNED_CERT_IN_CHAIN\) — check caCertificate/,
          ),
        });
        await expect(alice(config)).rejects.toMatchObject({ code: ErrorCode.Retryable });
      }
      // rejectUnauthorized: false connects anyway, and the check says so.
      expect(await check({ url: ldap.ldapsUrl, rejectUnauthorized: false })).toMatchObject({
        ok: true,
        detail: expect.stringContaining(
          "the directory's certificate is not verified (rejectUnauthorized off)",
        ),
      });
    });

    it('StartTLS on ldap:// with the test CA: upgraded before the bind; another CA is refused', async () => {
      const startTls = { startTls: true, caCertificate: ldap.caPem };
      expect(await check(startTls)).toMatchObject({
        ok: true,
        detail: expect.not.stringContaining('unencrypted'),
      });
      expect(await alice(startTls)).toMatchObject({ found: true });
      expect(readFileSync(ldap.logFile, 'utf8')).toContain('EXT oid=1.3.6.1.4.1.1466.20037'); // slapd saw StartTLS
      expect(await check({ startTls: true, caCertificate: UNRELATED_CA })).toMatchObject({
        ok: false,
        status: 'unreachable',
        detail: expect.stringContaining('StartTLS on ldap://127.0.0.1'),
      });
    });

    it('plain ldap:// works, with a warning that the password travels unencrypted', async () => {
      expect(await check({})).toMatchObject({
        ok: true,
        detail: expect.stringContaining(
          'the bind password travels unencrypted: use an ldaps:// url or startTls',
        ),
      });
    });
  });

  describe('errors, typed and carrying what the server said', () => {
    it('a wrong bind password: auth_failed in the check, auth for commands and the poll, never the password', async () => {
      const wrong = { bindPassword: 'Wrong-Bind-Pass-9' };
      const result = await check({}, wrong);
      expect(result).toEqual({
        ok: false,
        status: 'auth_failed',
        detail: `LDAP bind as ${ldap.bindDn}: the credentials were refused (LDAP bind as ${ldap.bindDn} on ${ldap.url} failed: invalidCredentials (49) — check bindDn and the bindPassword secret)`,
      });
      await expect(alice({}, wrong)).rejects.toMatchObject({
        code: ErrorCode.Auth,
        message: expect.stringContaining('invalidCredentials (49)'),
      });
      const poll = await pollRun(instances.bind({ secrets: wrong })).catch((error: unknown) => error);
      expect(poll).toMatchObject({ code: ErrorCode.Auth });
      expect(JSON.stringify(result) + String(poll)).not.toContain('Wrong-Bind-Pass-9');
    });

    it('a base DN that does not exist: misconfigured in the check, not_found for commands and the poll', async () => {
      const missing = { usersBaseDn: 'ou=staff,dc=example,dc=org' };
      expect(await check(missing)).toEqual({
        ok: false,
        status: 'misconfigured',
        detail: `usersBaseDn ou=staff,dc=example,dc=org does not exist, or ${ldap.bindDn} may not read it`,
      });
      await expect(alice(missing)).rejects.toMatchObject({
        code: ErrorCode.NotFound,
        message: expect.stringContaining(
          'LDAP search under ou=staff,dc=example,dc=org for (&(objectClass=inetOrgPerson)(uid=alice)) failed: noSuchObject (32)',
        ),
      });
      await expect(pollRun(instances.bind({ config: ldapConfig(ldap, missing) }))).rejects.toMatchObject({
        code: ErrorCode.NotFound,
      });
    });

    it('a directory that went away: unreachable in the check, retryable for commands', async () => {
      const other = await startLdapTestServer({ tls: false });
      const instance = instances.bind({ config: ldapConfig(other) });
      await expect(act(instance, 'user.lookup', { by: 'userName', value: 'bob' })).resolves.toMatchObject({
        found: true,
      });
      await other.stop();
      // The pooled connection may still look open for a moment: lost or refused, it is retryable.
      await expect(act(instance, 'user.lookup', { by: 'userName', value: 'bob' })).rejects.toMatchObject({
        code: ErrorCode.Retryable,
      });
      expect(await runCheck(instance)).toMatchObject({
        ok: false,
        status: 'unreachable',
        detail: expect.stringContaining('ECONNREFUSED'),
      });
    });
  });
});
