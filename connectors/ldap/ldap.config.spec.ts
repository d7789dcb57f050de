import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  configJsonSchema,
  secretFieldsOfManifest,
  validateConnectorConfig,
} from '@switchboard/connector-sdk';
import { ldapConnector } from './ldap.connector';
import { testConfig } from './testing/ldap-fixtures';

const REQUIRED = {
  url: 'ldaps://ldap.example.com',
  bindDn: 'cn=hub-bind,ou=services,dc=example,dc=org',
  usersBaseDn: 'ou=people,dc=example,dc=org',
  groupsBaseDn: 'ou=groups,dc=example,dc=org',
};

/** The validation errors of a config (the bind password in secrets, as the admin API sends it). */
function errors(
  config: Record<string, unknown>,
  secrets: Record<string, unknown> = { bindPassword: 'pw-123456' },
) {
  return validateConnectorConfig(ldapConnector.manifest, config, secrets).map(
    (e) => `${e.path}: ${e.message}`,
  );
}

/** A real CA certificate (public part only; its key was thrown away): fixtures/tls/README.md. */
const CA_PEM = readFileSync(join(__dirname, 'fixtures', 'tls', 'unrelated-ca.pem'), 'utf8');

describe('LDAP config', () => {
  it('needs a URL, a bind DN and password, and the two base DNs; the rest has defaults', () => {
    expect(errors({})).toEqual([
      'config.url: is required',
      'config.bindDn: is required',
      'config.usersBaseDn: is required',
      'config.groupsBaseDn: is required',
    ]);
    expect(errors(REQUIRED, {})).toEqual(['secrets.bindPassword: is required']);
    const config = testConfig();
    expect(config).toMatchObject({
      startTls: false,
      rejectUnauthorized: true,
      userObjectClass: 'inetOrgPerson',
      groupObjectClasses: ['groupOfNames', 'groupOfUniqueNames'],
      groupMemberAttributes: ['member', 'uniqueMember'],
      disabledAttribute: 'employeeType',
      disabledValues: ['disabled'],
      pageSize: 500,
      timeoutMs: 10_000,
      connectTimeoutMs: 5_000,
      pollOverlapSeconds: 60,
    });
  });

  it('keeps the bind password a secret: never in config, write-only in the published schema', () => {
    expect(secretFieldsOfManifest(ldapConnector.manifest)).toEqual(['bindPassword']);
    expect(errors({ ...REQUIRED, bindPassword: 'pw-123456' }, {})).toContain(
      'config.bindPassword: is a secret: send it in secrets',
    );
    const schema = configJsonSchema(ldapConnector.manifest.configClass, ['bindPassword']);
    expect((schema.properties as Record<string, { writeOnly?: boolean }>).bindPassword?.writeOnly).toBe(true);
  });

  it.each([
    [
      'http://ldap.example.com',
      'config.url: must be an ldap:// or ldaps:// URL, e.g. ldaps://ldap.example.com:636',
    ],
    ['ldap.example.com', 'config.url: must be an ldap:// or ldaps:// URL, e.g. ldaps://ldap.example.com:636'],
    [
      'ldap://hub:pw@ldap.example.com',
      'config.url: must not carry credentials: set bindDn and the bindPassword secret',
    ],
    [
      'ldap://ldap.example.com/dc=example,dc=org',
      'config.url: must be only scheme, host and port: set the base DNs in usersBaseDn and groupsBaseDn',
    ],
  ])('refuses the url %s', (url, message) => {
    expect(errors({ ...REQUIRED, url })).toEqual([message]);
  });

  it('takes TLS settings only where they apply', () => {
    expect(errors({ ...REQUIRED, startTls: true })).toEqual([
      'config.startTls: must not be set with an ldaps:// url, which is TLS already',
    ]);
    expect(errors({ ...REQUIRED, url: 'ldap://ldap.example.com', caCertificate: CA_PEM })).toEqual([
      'config.caCertificate: only applies to TLS connections: use an ldaps:// url or set startTls',
    ]);
    expect(
      errors({ ...REQUIRED, url: 'ldap://ldap.example.com', startTls: true, caCertificate: 'not a PEM' }),
    ).toEqual(['config.caCertificate: must hold PEM certificates (-----BEGIN CERTIFICATE----- …)']);
    expect(
      errors({
        ...REQUIRED,
        caCertificate: `${CA_PEM}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----`,
      }),
    ).toEqual(['config.caCertificate: certificate 2 is not a readable X.509 certificate']);
    expect(errors({ ...REQUIRED, caCertificate: CA_PEM })).toEqual([]);
    expect(
      errors({ ...REQUIRED, url: 'ldap://ldap.example.com', startTls: true, caCertificate: CA_PEM }),
    ).toEqual([]);
  });

  it('checks DNs, the extra users filter and the attribute map without echoing values', () => {
    expect(
      errors({
        ...REQUIRED,
        usersBaseDn: 'people',
        usersFilter: '(&(uid=alice)',
        attributes: { uid: 'sAMAccountName', phone: 'telephoneNumber' },
      }),
    ).toEqual([
      'config.usersBaseDn: must be a DN, e.g. ou=people,dc=example,dc=org',
      'config.usersFilter: must be an LDAP filter in parentheses (RFC 4515), e.g. (!(employeeType=contractor)): its parentheses do not balance',
      expect.stringMatching(/^config\.attributes: has an unknown key "phone" \(known: id, uid, mail, /),
    ]);
    expect(errors({ ...REQUIRED, usersFilter: 'uid=alice' })).toEqual([
      'config.usersFilter: must be an LDAP filter in parentheses (RFC 4515), e.g. (!(employeeType=contractor))',
    ]);
    expect(errors({ ...REQUIRED, usersFilter: '(=alice)' })).toEqual([
      'config.usersFilter: must be an LDAP filter in parentheses (RFC 4515), e.g. (!(employeeType=contractor))',
    ]);
    expect(errors({ ...REQUIRED, attributes: { uid: 'bad name!' } })).toEqual([
      'config.attributes: value of "uid" must be an LDAP attribute name, e.g. uid',
    ]);
    expect(
      errors({
        ...REQUIRED,
        attributes: { uid: 'sAMAccountName', department: 'department' },
        usersFilter: '(mail=*)',
      }),
    ).toEqual([]);
  });

  it('bounds page size and timeouts', () => {
    expect(errors({ ...REQUIRED, pageSize: 0, timeoutMs: 10, pollOverlapSeconds: -1 })).toEqual([
      'config.pageSize: must not be less than 1',
      'config.timeoutMs: must not be less than 100',
      'config.pollOverlapSeconds: must not be less than 0',
    ]);
  });
});
