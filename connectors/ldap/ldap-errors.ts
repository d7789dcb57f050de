import { ErrorCode, SwitchboardError } from '@switchboard/connector-sdk';
import { InvalidAsn1Error, MessageParserError, ResultCodeError } from 'ldapts';

// LDAP result codes (RFC 4511 §4.1.9) and socket failures mapped into the hub's error taxonomy,
// which decides retry, dead letter or "fix the config". Messages keep what the server said.

/** Result codes by number: the RFC name an administrator searches for, and what it means here. */
const RESULT_CODES: Readonly<Record<number, readonly [name: string, code: ErrorCode]>> = {
  1: ['operationsError', ErrorCode.Permanent],
  2: ['protocolError', ErrorCode.Permanent],
  3: ['timeLimitExceeded', ErrorCode.Retryable],
  4: ['sizeLimitExceeded', ErrorCode.Permanent],
  7: ['authMethodNotSupported', ErrorCode.Auth],
  8: ['strongerAuthRequired', ErrorCode.Permanent],
  11: ['adminLimitExceeded', ErrorCode.Permanent],
  12: ['unavailableCriticalExtension', ErrorCode.Permanent],
  13: ['confidentialityRequired', ErrorCode.Permanent],
  16: ['noSuchAttribute', ErrorCode.Permanent],
  17: ['undefinedAttributeType', ErrorCode.Validation],
  18: ['inappropriateMatching', ErrorCode.Validation],
  21: ['invalidAttributeSyntax', ErrorCode.Validation],
  32: ['noSuchObject', ErrorCode.NotFound],
  34: ['invalidDNSyntax', ErrorCode.Validation],
  48: ['inappropriateAuthentication', ErrorCode.Auth],
  49: ['invalidCredentials', ErrorCode.Auth],
  50: ['insufficientAccessRights', ErrorCode.Auth],
  51: ['busy', ErrorCode.Retryable],
  52: ['unavailable', ErrorCode.Retryable],
  53: ['unwillingToPerform', ErrorCode.Permanent],
  54: ['loopDetect', ErrorCode.Permanent],
  80: ['other', ErrorCode.Retryable],
};

/** What to do about a code, for the people reading the message. */
const HINTS: Readonly<Record<number, string>> = {
  8: 'the directory wants a TLS connection: use an ldaps:// url or startTls',
  13: 'the directory wants a TLS connection: use an ldaps:// url or startTls',
  49: 'check bindDn and the bindPassword secret',
  50: 'the bind account may not read this: grant it read access',
};

/** The result code of an LDAP error (49 for invalidCredentials), if it is one. */
export function resultCodeOf(error: unknown): number | undefined {
  return error instanceof ResultCodeError ? error.code : undefined;
}

/**
 * `error` as a SwitchboardError whose message says what was being done (`doing`, e.g. "LDAP bind
 * as cn=hub,…"), the result code by name, and the server's own diagnostic text. Anything that
 * is not an LDAP result (refused connection, timeout, TLS, lost socket) is `retryable`; an
 * answer that is not LDAP at all (another service on the port) is `permanent`.
 */
export function ldapError(error: unknown, doing: string): SwitchboardError {
  if (error instanceof SwitchboardError) return error;
  if (error instanceof ResultCodeError) {
    const [name, code] = RESULT_CODES[error.code] ?? ['unknown result code', ErrorCode.Permanent];
    const said = serverText(error);
    const hint = HINTS[error.code];
    const message = `${doing} failed: ${name} (${error.code})${said ? `: ${said}` : ''}${hint ? ` — ${hint}` : ''}`;
    return new SwitchboardError(code, message, { cause: error });
  }
  if (error instanceof MessageParserError || error instanceof InvalidAsn1Error)
    return SwitchboardError.permanent(
      `${doing} failed: the answer is not LDAP (${error.message}); is the url the directory's?`,
      { cause: error },
    );
  const { message, code } = socketFailure(error);
  const tls = code !== undefined && /CERT|SSL|TLS/.test(code);
  return SwitchboardError.retryable(
    `${doing} failed: ${tls ? 'TLS: ' : ''}${message}${code && !message.includes(code) ? ` (${code})` : ''}` +
      (tls ? ' — check caCertificate and that the url names the host on the certificate' : ''),
    { cause: error },
  );
}

/** The server's diagnostic message, without the `Code: 0x31` ldapts appends. */
function serverText(error: ResultCodeError): string {
  return error.message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
}

function socketFailure(error: unknown): { message: string; code?: string } {
  // Duck-typed: errors from Node's own sockets may come from another realm (a test VM), where
  // `instanceof Error` is false.
  if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') {
    const { message, name, code } = error as Error & { code?: unknown };
    return {
      message: message.split('\n')[0]!.trim() || name,
      ...(typeof code === 'string' && { code }),
    };
  }
  return { message: String(error) };
}
