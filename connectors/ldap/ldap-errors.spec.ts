import { ErrorCode, SwitchboardError } from '@switchboard/connector-sdk';
import {
  BusyError,
  InsufficientAccessError,
  InvalidCredentialsError,
  InvalidDNSyntaxError,
  MessageParserError,
  NoSuchObjectError,
  ProtocolError,
  StrongAuthRequiredError,
  UnknownStatusCodeError,
} from 'ldapts';
import { ldapError } from './ldap-errors';

const BIND = 'LDAP bind as cn=hub-bind,ou=services,dc=example,dc=org';

function networkError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('LDAP errors in the hub taxonomy', () => {
  it.each([
    [
      new InvalidCredentialsError(''),
      ErrorCode.Auth,
      `${BIND} failed: invalidCredentials (49) — check bindDn and the bindPassword secret`,
    ],
    [
      new InsufficientAccessError('no read access to parent'),
      ErrorCode.Auth,
      `${BIND} failed: insufficientAccessRights (50): no read access to parent — the bind account may not read this: grant it read access`,
    ],
    [new NoSuchObjectError(''), ErrorCode.NotFound, `${BIND} failed: noSuchObject (32)`],
    [
      new InvalidDNSyntaxError('invalid DN'),
      ErrorCode.Validation,
      `${BIND} failed: invalidDNSyntax (34): invalid DN`,
    ],
    [new ProtocolError('bad filter'), ErrorCode.Permanent, `${BIND} failed: protocolError (2): bad filter`],
    [
      new StrongAuthRequiredError('confidentiality required'),
      ErrorCode.Permanent,
      `${BIND} failed: strongerAuthRequired (8): confidentiality required — the directory wants a TLS connection: use an ldaps:// url or startTls`,
    ],
    [new BusyError('try later'), ErrorCode.Retryable, `${BIND} failed: busy (51): try later`],
    [
      new UnknownStatusCodeError(4096, 'odd'),
      ErrorCode.Permanent,
      `${BIND} failed: unknown result code (4096): odd`,
    ],
  ])('maps %p, keeping what the server said', (error, code, message) => {
    const mapped = ldapError(error, BIND);
    expect(mapped).toBeInstanceOf(SwitchboardError);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toBe(message);
    expect(mapped.cause).toBe(error);
  });

  it('takes refused connections, timeouts and lost sockets as retryable', () => {
    for (const error of [
      networkError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'),
      networkError('getaddrinfo ENOTFOUND ldap.invalid', 'ENOTFOUND'),
      new Error('Connection timeout'),
      new Error('SearchRequest: Operation timed out'),
      new Error('Connection closed before message response was received. Message type: SearchRequest (0x63)'),
    ])
      expect(ldapError(error, BIND).code).toBe(ErrorCode.Retryable);
    expect(ldapError(networkError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), BIND).message).toBe(
      `${BIND} failed: connect ECONNREFUSED 127.0.0.1:9`,
    );
  });

  it('says what to check when TLS fails', () => {
    const mapped = ldapError(
      networkError('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'),
      BIND,
    );
    expect(mapped.code).toBe(ErrorCode.Retryable);
    expect(mapped.message).toBe(
      `${BIND} failed: TLS: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN) — check caCertificate and that the url names the host on the certificate`,
    );
  });

  it('takes an answer that is not LDAP as permanent (the url points at another service)', () => {
    const mapped = ldapError(new MessageParserError('Invalid protocol operation: 0x48'), BIND);
    expect(mapped.code).toBe(ErrorCode.Permanent);
    expect(mapped.message).toContain(
      "the answer is not LDAP (Invalid protocol operation: 0x48); is the url the directory's?",
    );
  });

  it('passes hub errors through unchanged', () => {
    const error = SwitchboardError.validation('bad input', []);
    expect(ldapError(error, BIND)).toBe(error);
  });
});
