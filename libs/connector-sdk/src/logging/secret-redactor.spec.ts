import type { ConnectorLogger } from './connector-logger';
import { REDACTED_SECRET, SecretRedactor, redactingLogger } from './secret-redactor';

const CANARY = 'canary-Secret/42+x';

describe('SecretRedactor', () => {
  const redactor = new SecretRedactor([CANARY, 'abc', undefined, '']);

  it('replaces a secret in every spelling it takes in URLs and JSON', () => {
    const text = [
      `token ${CANARY}`,
      `https://x.test/?key=${encodeURIComponent(CANARY)}`,
      `form=${new URLSearchParams({ k: CANARY }).toString()}`,
      JSON.stringify({ nested: `"${CANARY}"` }),
    ].join(' ');
    const redacted = redactor.redactString(text);
    expect(redacted).not.toContain(CANARY);
    expect(redacted).not.toContain(encodeURIComponent(CANARY));
    expect(redacted).toContain(`token ${REDACTED_SECRET}`);
  });

  it('ignores values too short to be secrets', () => {
    expect(redactor.redactString('abc abcd')).toBe('abc abcd');
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    const overlapping = new SecretRedactor(['pass', 'password-long']);
    expect(overlapping.redactString('x password-long y pass')).toBe(
      `x ${REDACTED_SECRET} y ${REDACTED_SECRET}`,
    );
  });

  it('hides URL passwords it was not told about', () => {
    expect(redactor.redactString('postgres://hub:hunter22@db/app')).toBe('postgres://hub:***@db/app');
  });

  it('learns secrets added later', () => {
    const later = new SecretRedactor();
    later.add('refreshed-token-1');
    expect(later.redactString('Bearer refreshed-token-1')).toBe(`Bearer ${REDACTED_SECRET}`);
  });

  it('deep-copies values, censoring sensitive keys and secret values without touching the input', () => {
    const input = {
      message: `failed with ${CANARY}`,
      headers: { Authorization: 'Bearer whatever', accept: 'application/json' },
      list: [CANARY, 1, null, true],
      password: 'not-registered',
      apiKey: 'not-registered-either',
      when: new Date(0),
      raw: Buffer.from(CANARY),
      missingToken: undefined,
    };
    const copy = redactor.redactValue(input);
    expect(copy).toEqual({
      message: `failed with ${REDACTED_SECRET}`,
      headers: { Authorization: REDACTED_SECRET, accept: 'application/json' },
      list: [REDACTED_SECRET, 1, null, true],
      password: REDACTED_SECRET,
      apiKey: REDACTED_SECRET,
      when: new Date(0),
      raw: `[${Buffer.byteLength(CANARY)} bytes]`,
      missingToken: undefined,
    });
    expect(input.message).toContain(CANARY);
  });

  it('turns errors into name, message and code, and cuts cycles', () => {
    const error = Object.assign(new Error(`boom ${CANARY}`), { code: 'E_X' });
    const cyclic: Record<string, unknown> = { error };
    cyclic.self = cyclic;
    expect(redactor.redactValue(cyclic)).toEqual({
      error: { name: 'Error', message: `boom ${REDACTED_SECRET}`, code: 'E_X' },
      self: '[Circular]',
    });
  });

  it('keeps repeated (non-cyclic) references', () => {
    const shared = { a: 1 };
    expect(redactor.redactValue({ x: shared, y: shared })).toEqual({ x: { a: 1 }, y: { a: 1 } });
  });
});

describe('redactingLogger', () => {
  it('redacts messages and fields before they reach the wrapped logger', () => {
    const lines: unknown[] = [];
    const sink: ConnectorLogger = {
      debug: (m, f) => lines.push(['debug', m, f]),
      info: (m, f) => lines.push(['info', m, f]),
      warn: (m, f) => lines.push(['warn', m, f]),
      error: (m, f) => lines.push(['error', m, f]),
    };
    const logger = redactingLogger(sink, new SecretRedactor([CANARY]));
    logger.info(`hello ${CANARY}`, { url: `/x?k=${CANARY}` });
    logger.error('plain');
    expect(JSON.stringify(lines)).not.toContain(CANARY);
    expect(lines).toEqual([
      ['info', `hello ${REDACTED_SECRET}`, { url: `/x?k=${REDACTED_SECRET}` }],
      ['error', 'plain', undefined],
    ]);
  });

  it('prepares no line the wrapped logger would drop, and says which levels it writes', () => {
    const lines: unknown[] = [];
    const sink: ConnectorLogger = {
      debug: (m) => lines.push(['debug', m]),
      info: (m) => lines.push(['info', m]),
      warn: (m) => lines.push(['warn', m]),
      error: (m) => lines.push(['error', m]),
      isLevelEnabled: (level) => level === 'warn' || level === 'error',
    };
    const redactor = new SecretRedactor([CANARY]);
    const redactValue = jest.spyOn(redactor, 'redactValue');
    const logger = redactingLogger(redactingLogger(sink, redactor), redactor);
    logger.debug('request', { path: `/x?k=${CANARY}` });
    logger.info('response', { status: 200 });
    expect(redactValue).not.toHaveBeenCalled();
    logger.warn('slow', { ms: 900 });
    expect(lines).toEqual([['warn', 'slow']]);
    expect(
      ['debug', 'info', 'warn', 'error'].map((level) => logger.isLevelEnabled?.(level as 'debug')),
    ).toEqual([false, false, true, true]);
    // A logger that does not say writes everything.
    expect(redactingLogger({ ...sink, isLevelEnabled: undefined }, redactor).isLevelEnabled?.('debug')).toBe(
      true,
    );
  });
});
