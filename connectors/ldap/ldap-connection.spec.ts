import { createServer } from 'node:net';
import {
  bindConnector,
  ErrorCode,
  pollPages,
  runAction,
  runCheck,
  SwitchboardError,
  type ConnectorInstance,
} from '@switchboard/connector-sdk';
import { connectionOf, withConnection } from './connection-pool';
import { ANY_ENTRY } from './directory-filters';
import { isLostConnection, LdapConnection } from './ldap-connection';
import { ldapConnector } from './ldap.connector';
import type { LdapConfig } from './ldap.config';
import { ldapResult, startFakeLdapServer, succeed, type FakeLdapServer } from './testing/fake-ldap-server';
import { testConfig } from './testing/ldap-fixtures';

// The connection layer against a byte-level fake directory: what a misbehaving server does to
// the connector (it must end in a typed error, never a crash or a hang), and how the per-instance
// connection is reused, replaced and released. The real OpenLDAP: test/connectors/ldap/.

const BASE = { connectTimeoutMs: 300, timeoutMs: 1_000 };

function bind(url: string, signal = new AbortController().signal): ConnectorInstance<LdapConfig> {
  const bound = bindConnector(ldapConnector, {
    tenantId: 'acme',
    instanceId: 'ldap-spec',
    config: { ...testConfigInput(url) },
    secrets: { bindPassword: 'Hub-Bind-1' },
    signal,
  });
  if (!bound.ok) throw new Error(JSON.stringify(bound.errors));
  return bound.instance;
}

function testConfigInput(url: string) {
  return {
    url,
    bindDn: 'cn=hub-bind,ou=services,dc=example,dc=org',
    usersBaseDn: 'ou=people,dc=example,dc=org',
    groupsBaseDn: 'ou=groups,dc=example,dc=org',
    ...BASE,
  };
}

const lookup = (instance: ConnectorInstance<LdapConfig>) =>
  runAction(
    instance,
    'user.lookup',
    { by: 'userName', value: 'alice' },
    {
      idempotencyKey: 'k',
      commandId: 'c',
      attempt: 1,
    },
  );

/** What an operation ended with: its output, or the code and message of its error. */
async function outcome(work: Promise<unknown>): Promise<unknown> {
  try {
    return { output: await work };
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchboardError);
    return { code: (error as SwitchboardError).code, message: (error as Error).message };
  }
}

describe('a server that misbehaves ends in a typed error, never a crash or a hang', () => {
  let fake: FakeLdapServer | undefined;
  const aborts: AbortController[] = [];
  afterEach(async () => {
    for (const abort of aborts.splice(0)) abort.abort();
    await fake?.close();
  });
  const instance = (url: string) => {
    const abort = new AbortController();
    aborts.push(abort);
    return bind(url, abort.signal);
  };

  it('nothing listening: unreachable, retryable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const ldap = instance(`ldap://127.0.0.1:${port}`);
    expect(await runCheck(ldap)).toMatchObject({
      ok: false,
      status: 'unreachable',
      detail: expect.stringContaining(`ECONNREFUSED 127.0.0.1:${port}`),
    });
    expect(await outcome(lookup(ldap))).toEqual({
      code: ErrorCode.Retryable,
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('a server that hangs up at once: retryable', async () => {
    fake = await startFakeLdapServer(() => 'close');
    expect(await outcome(lookup(instance(fake.url)))).toEqual({
      code: ErrorCode.Retryable,
      message: expect.stringContaining('Connection closed before message response was received'),
    });
  });

  it('a server that never answers: retryable once connectTimeoutMs has passed', async () => {
    fake = await startFakeLdapServer(() => 'silent');
    expect(await runCheck(instance(fake.url))).toMatchObject({
      status: 'unreachable',
      detail: expect.stringContaining(
        "no LDAP answer within 300 ms (connect, TLS, bind): is the directory up, and is the url an LDAP server's?",
      ),
    });
  });

  it('an answer that is not LDAP (another service on the port): permanent, misconfigured', async () => {
    fake = await startFakeLdapServer((request) =>
      Buffer.from([0x30, 0x05, 0x02, 0x01, request.messageId[0]!, 0x48, 0x00]),
    );
    const ldap = instance(fake.url);
    expect(await runCheck(ldap)).toMatchObject({
      status: 'misconfigured',
      detail: expect.stringContaining('the answer is not LDAP'),
    });
    expect(await outcome(lookup(ldap))).toMatchObject({ code: ErrorCode.Permanent });
  });

  it('a search answered with garbage after a good bind: the operation fails, the poll run too', async () => {
    fake = await startFakeLdapServer((request) =>
      request.operation === 0x63
        ? Buffer.from([0x30, 0x07, 0x02, 0x01, request.messageId[0]!, 0x65, 0x02, 0x0a, 0x09])
        : succeed(request),
    );
    const ldap = instance(fake.url);
    expect(await outcome(lookup(ldap))).toMatchObject({ code: ErrorCode.Permanent });
    const run = async () => {
      for await (const _page of pollPages(ldap, undefined)) void _page;
    };
    expect(await outcome(run())).toMatchObject({
      code: ErrorCode.Permanent,
      message: expect.stringContaining('LDAP search under ou=people'),
    });
  });

  it('a bind refused with invalidCredentials: auth, with what the server said', async () => {
    fake = await startFakeLdapServer((request) =>
      request.operation === 0x60
        ? ldapResult(request, 0x61, [0x0a, 0x01, 49, 0x04, 0x00, 0x04, 0x07, ...Buffer.from('no pass')])
        : succeed(request),
    );
    const ldap = instance(fake.url);
    expect(await runCheck(ldap)).toMatchObject({
      status: 'auth_failed',
      detail: expect.stringContaining('invalidCredentials (49): no pass'),
    });
    expect(await outcome(lookup(ldap))).toMatchObject({ code: ErrorCode.Auth });
  });
});

describe('the connection of an instance', () => {
  let fake: FakeLdapServer;
  beforeEach(async () => {
    fake = await startFakeLdapServer();
  });
  afterEach(() => fake.close());
  const binds = () => fake.requests.filter((request) => request.operation === 0x60).length;

  it('is opened once, bound once, and shared by every operation of the instance', async () => {
    const abort = new AbortController();
    const ldap = bind(fake.url, abort.signal);
    await Promise.all([lookup(ldap), lookup(ldap), lookup(ldap)]);
    await lookup(ldap);
    expect({ connections: fake.connections, binds: binds() }).toEqual({ connections: 1, binds: 1 });
    abort.abort();
  });

  it('is replaced, bound again, after the server dropped it', async () => {
    const abort = new AbortController();
    const ldap = bind(fake.url, abort.signal);
    await lookup(ldap);
    const dropped = await connectionOf(ldap.context);
    fake.dropConnections();
    await waitFor(() => !dropped.usable);
    await lookup(ldap);
    expect({ connections: fake.connections, binds: binds() }).toEqual({ connections: 2, binds: 2 });
    abort.abort();
  });

  it('is never reopened by ldapts behind our back (unencrypted, unbound): the operation fails and is run again on a new one', async () => {
    const connection = await LdapConnection.open(testConfig({ url: fake.url, ...BASE }));
    await connection.close();
    const error = await connection.read('dc=example,dc=org', ANY_ENTRY, ['1.1']).catch((e: unknown) => e);
    expect(isLostConnection(error)).toBe(true);
    expect((error as SwitchboardError).code).toBe(ErrorCode.Retryable);
    expect(fake.connections).toBe(1);

    const abort = new AbortController();
    const ldap = bind(fake.url, abort.signal);
    let attempts = 0;
    const result = await withConnection(ldap.context, async (current) => {
      attempts++;
      if (attempts === 1) await current.close(); // lost between "usable?" and the request
      return current.read('dc=example,dc=org', ANY_ENTRY, ['1.1']);
    });
    expect({ result, attempts, binds: binds() }).toEqual({ result: undefined, attempts: 2, binds: 3 });
    abort.abort();
  });

  it('is closed when the instance stops (ctx.signal), and none is opened after', async () => {
    const abort = new AbortController();
    const ldap = bind(fake.url, abort.signal);
    await lookup(ldap);
    expect(fake.open).toBe(1);
    abort.abort();
    await waitFor(() => fake.open === 0);
    expect(await outcome(lookup(ldap))).toEqual({
      code: ErrorCode.Retryable,
      message: 'The LDAP instance is stopping: it opens no new connection',
    });
    expect(fake.connections).toBe(1);
  });

  it('is not used by check, which binds on a connection of its own to prove the password now', async () => {
    const abort = new AbortController();
    const ldap = bind(fake.url, abort.signal);
    await lookup(ldap);
    // The fake finds no entries, so the base DNs are "missing": what matters is the new bind.
    expect(await runCheck(ldap)).toMatchObject({
      status: 'misconfigured',
      detail:
        'usersBaseDn ou=people,dc=example,dc=org does not exist, or cn=hub-bind,ou=services,dc=example,dc=org may not read it',
    });
    expect({ connections: fake.connections, binds: binds() }).toEqual({ connections: 2, binds: 2 });
    await waitFor(() => fake.open === 1); // the check closed its own
    abort.abort();
    await waitFor(() => fake.open === 0);
  });
});

/** Polls a condition on the event loop (socket events) without a fixed sleep. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}
