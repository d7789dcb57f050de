import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  acceptsConnections,
  findExecutable,
  freePort,
  LOOPBACK,
  removeDir,
  spawnLogged,
  waitFor,
  withPortRetry,
  type LoggedProcess,
} from './test-process';

const run = promisify(execFile);
const ENSURE_SCRIPT = 'test/env/ensure-ldap.sh';
/** The directory every test server is loaded with (a copy of the testbed's). */
export const LDAP_TEST_LDIF = join(__dirname, '..', 'env', 'ldap', 'example-org.ldif');

const BASE_DN = 'dc=example,dc=org';
const ADMIN_DN = `cn=admin,${BASE_DN}`;
const ADMIN_PASSWORD = 'Admin-Ldap-1';
const HUB_BIND_DN = `cn=hub-bind,ou=services,${BASE_DN}`;
const HUB_BIND_PASSWORD = 'Hub-Bind-1';

/** The people in example-org.ldif with their passwords (dave has `employeeType: disabled`). */
export const LDAP_TEST_USERS = {
  alice: { dn: `uid=alice,ou=people,${BASE_DN}`, password: 'Alice-Pass-1' },
  bob: { dn: `uid=bob,ou=people,${BASE_DN}`, password: 'Bob-Pass-1' },
  carol: { dn: `uid=carol,ou=people,${BASE_DN}`, password: 'Carol-Pass-1' },
  dave: { dn: `uid=dave,ou=people,${BASE_DN}`, password: 'Dave-Pass-1' },
} as const;

export interface LdapTestServerOptions {
  /**
   * Also listen on ldaps:// with a certificate from a throwaway CA (and allow StartTLS on
   * ldap://). Default true; costs ~50 ms of openssl.
   */
  tls?: boolean;
}

/** One entry from {@link LdapTestServer.search}: attribute names as the server returned them. */
export interface LdapEntry {
  dn: string;
  attributes: Record<string, string[]>;
}

/** Credentials for {@link LdapTestServer.search}; default the read-only hub-bind account. */
export interface LdapBind {
  dn: string;
  password: string;
}

export interface LdapSearchOptions {
  base?: string;
  bind?: LdapBind;
  /** Defaults to the plain `url`; an `ldaps://` URL is verified against the test CA. */
  url?: string;
}

/** A private slapd; see {@link startLdapTestServer}. */
export interface LdapTestServer {
  /** `ldap://127.0.0.1:<port>` (StartTLS works here too when `tls` is on). */
  readonly url: string;
  readonly port: number;
  /** `ldaps://127.0.0.1:<port>`, with a certificate for 127.0.0.1 and localhost signed by {@link caPem}. */
  readonly ldapsUrl?: string;
  readonly ldapsPort?: number;
  /** The PEM of the throwaway CA that signed the server certificate: trust it to verify ldaps. */
  readonly caPem?: string;
  /** The same CA as a file, e.g. for LDAPTLS_CACERT. */
  readonly caFile?: string;
  /** `dc=example,dc=org` */
  readonly baseDn: string;
  /** The read-only service account the hub binds with (`cn=hub-bind,ou=services,…`). */
  readonly bindDn: string;
  readonly bindPassword: string;
  /** The rootdn: may write everything. */
  readonly adminDn: string;
  readonly adminPassword: string;
  /** Users alice, bob, carol, dave with their DNs and passwords. */
  readonly users: typeof LDAP_TEST_USERS;
  readonly logFile: string;
  /**
   * `ldapsearch` under `baseDn` (or `base`), as hub-bind unless `bind` says otherwise, on `url`
   * unless another URL (e.g. `ldapsUrl`) is given. Rejects with the tool's message, e.g.
   * "exit 49: ldap_bind: Invalid credentials (49)".
   */
  search(filter: string, attributes?: string[], options?: LdapSearchOptions): Promise<LdapEntry[]>;
  /** Applies LDIF changes (`changetype: add|modify|delete…`) as the admin, with `ldapmodify`. */
  modify(ldif: string): Promise<void>;
  /** Kills slapd and removes its temp dir; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a private OpenLDAP slapd in a temp dir on random loopback ports, from its own slapd.conf
 * (core, cosine, inetorgperson, nis schemas; back_mdb; memberof overlay; Debian's /etc/ldap is not
 * used), loads test/env/ldap/example-org.ldif through the server (so memberOf is maintained), and
 * returns its URLs and credentials. Anonymous clients may only bind; `userPassword` is hidden from
 * everyone but its owner. `bash test/env/ensure-ldap.sh` installs slapd, ldap-utils and openssl.
 */
export async function startLdapTestServer(options: LdapTestServerOptions = {}): Promise<LdapTestServer> {
  const tls = options.tls ?? true;
  const slapd = findExecutable('slapd', ENSURE_SCRIPT);
  const ldapadd = findExecutable('ldapadd', ENSURE_SCRIPT);
  const ldapsearch = findExecutable('ldapsearch', ENSURE_SCRIPT);
  const ldapmodify = findExecutable('ldapmodify', ENSURE_SCRIPT);
  const openssl = tls ? findExecutable('openssl', ENSURE_SCRIPT) : undefined;

  const dir = mkdtempSync(join(tmpdir(), 'sb-ldap-'));
  try {
    const certs = openssl ? await makeCertificates(openssl, dir) : undefined;
    const configFile = join(dir, 'slapd.conf');
    writeFileSync(configFile, slapdConfig(dir, certs));
    const { server, port, ldapsPort } = await withPortRetry(() =>
      launch(slapd, dir, configFile, certs !== undefined),
    );
    const url = `ldap://${LOOPBACK}:${port}`;
    const env = { ...process.env, ...(certs && { LDAPTLS_CACERT: certs.caFile }) };
    try {
      await run(ldapadd, ['-x', '-H', url, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD, '-f', LDAP_TEST_LDIF], {
        env,
      });
    } catch (error) {
      await server.stop();
      throw new Error(`loading ${LDAP_TEST_LDIF} into slapd failed: ${describeExecError(error)}`);
    }

    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      ...(certs && {
        ldapsUrl: `ldaps://${LOOPBACK}:${ldapsPort}`,
        ldapsPort,
        caPem: readFileSync(certs.caFile, 'utf8'),
        caFile: certs.caFile,
      }),
      baseDn: BASE_DN,
      bindDn: HUB_BIND_DN,
      bindPassword: HUB_BIND_PASSWORD,
      adminDn: ADMIN_DN,
      adminPassword: ADMIN_PASSWORD,
      users: LDAP_TEST_USERS,
      logFile: server.logFile,
      search: async (filter, attributes = [], searchOptions = {}) => {
        const bind = searchOptions.bind ?? { dn: HUB_BIND_DN, password: HUB_BIND_PASSWORD };
        const target = searchOptions.url ?? url;
        const args = ['-LLL', '-x', '-o', 'ldif-wrap=no', '-H', target, '-D', bind.dn, '-w', bind.password];
        args.push('-b', searchOptions.base ?? BASE_DN, filter, ...attributes);
        try {
          const { stdout } = await run(ldapsearch, args, { env });
          return parseLdif(stdout);
        } catch (error) {
          throw new Error(`ldapsearch ${filter} failed: ${describeExecError(error)}`);
        }
      },
      modify: async (ldif) => {
        const args = ['-x', '-H', url, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD];
        await new Promise<void>((resolve, reject) => {
          const child = execFile(ldapmodify, args, { env }, (error) =>
            error ? reject(new Error(`ldapmodify failed: ${describeExecError(error)}`)) : resolve(),
          );
          child.stdin?.end(ldif);
        });
      },
      stop: () => {
        stopping ??= server.stop().finally(() => removeDir(dir));
        return stopping;
      },
    };
  } catch (error) {
    removeDir(dir);
    throw error;
  }
}

interface Certificates {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** A throwaway CA and a server certificate it signs, for 127.0.0.1 and localhost (EC P-256, 2 days). */
async function makeCertificates(openssl: string, dir: string): Promise<Certificates> {
  const tlsDir = join(dir, 'tls');
  mkdirSync(tlsDir);
  const file = (name: string) => join(tlsDir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  writeFileSync(
    file('server.ext'),
    [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  // One option and its value per pair, as on a command line.
  try {
    // prettier-ignore
    await run(openssl, [
      'req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2',
      '-subj', '/CN=Switchboard test LDAP CA',
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    // prettier-ignore
    await run(openssl, [
      'req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1',
    ]);
    // prettier-ignore
    await run(openssl, [
      'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
      '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext'),
    ]);
  } catch (error) {
    throw new Error(`making the test CA with openssl failed: ${describeExecError(error)}`);
  }
  return { caFile: file('ca.pem'), certFile: file('server.pem'), keyFile: file('server.key') };
}

function slapdConfig(dir: string, certs: Certificates | undefined): string {
  return `# Private slapd for one test suite (test/support/ldap-test-server.ts).
include   /etc/ldap/schema/core.schema
include   /etc/ldap/schema/cosine.schema
include   /etc/ldap/schema/inetorgperson.schema
include   /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile   ${join(dir, 'slapd.pid')}
argsfile  ${join(dir, 'slapd.args')}
loglevel  stats
sizelimit 500
${
  certs
    ? `TLSCACertificateFile  ${certs.caFile}
TLSCertificateFile    ${certs.certFile}
TLSCertificateKeyFile ${certs.keyFile}
`
    : ''
}
database  mdb
maxsize   268435456
suffix    "${BASE_DN}"
rootdn    "${ADMIN_DN}"
rootpw    ${ADMIN_PASSWORD}
directory ${join(dir, 'data')}
index     objectClass eq
index     uid,member,uniqueMember eq
index     cn,mail,sn,givenName eq,sub
overlay   memberof
access to attrs=userPassword
  by self write
  by anonymous auth
  by * none
access to *
  by dn.exact="${HUB_BIND_DN}" read
  by users read
  by anonymous none
`;
}

async function launch(
  slapd: string,
  dir: string,
  configFile: string,
  tls: boolean,
): Promise<{ server: LoggedProcess; port: number; ldapsPort?: number }> {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const port = await freePort();
  let ldapsPort = tls ? await freePort() : undefined;
  while (ldapsPort === port) ldapsPort = await freePort();
  const listeners = [
    `ldap://${LOOPBACK}:${port}/`,
    ...(ldapsPort ? [`ldaps://${LOOPBACK}:${ldapsPort}/`] : []),
  ];
  // -d keeps slapd in the foreground (so the child is slapd itself); 256 = stats, to the log file.
  const server = spawnLogged(slapd, ['-f', configFile, '-h', listeners.join(' '), '-d', '256'], {
    logFile: join(dir, 'slapd.log'),
    onExit: () => removeDir(dir),
  });
  try {
    await waitFor(
      `slapd on ${listeners.join(' ')}`,
      async () =>
        (await acceptsConnections(port)) && (ldapsPort === undefined || (await acceptsConnections(ldapsPort)))
          ? true
          : undefined,
      { server, timeoutMs: 30_000, intervalMs: 50 },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { server, port, ldapsPort };
}

/** Parses `ldapsearch -LLL -o ldif-wrap=no` output (base64 `attr::` values decoded). */
export function parseLdif(text: string): LdapEntry[] {
  const entries: LdapEntry[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    if (lines.length === 0) continue;
    let entry: LdapEntry | undefined;
    for (const line of lines) {
      const match = /^([^:]+)(::?) ?(.*)$/.exec(line);
      if (!match) continue;
      const [, name, separator, raw] = match;
      const value = separator === '::' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (entry === undefined) {
        entry = { dn: value, attributes: {} };
        continue;
      }
      (entry.attributes[name] ??= []).push(value);
    }
    if (entry) entries.push(entry);
  }
  return entries;
}

/** An execFile failure with the tool's own message (stderr), not Node's restatement of the command. */
function describeExecError(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, stderr } = error as { code?: unknown; stderr?: unknown };
    const detail = typeof stderr === 'string' && stderr.trim() !== '' ? stderr.trim() : String(error);
    return code === undefined ? detail : `exit ${String(code)}: ${detail}`;
  }
  return String(error);
}
