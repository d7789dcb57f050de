import { redactSensitiveValue, redactUrlCredentials } from './redaction';

describe('redaction', () => {
  it('removes passwords from every URL in a list, keeping user and host', () => {
    expect(redactUrlCredentials('nats://a:pw1@n1:4222,tls://b:pw2@n2')).toBe(
      'nats://a:***@n1:4222,tls://b:***@n2',
    );
  });

  it('hides a NATS token but keeps a database user name', () => {
    expect(redactUrlCredentials('nats://s3cr3t-token@n1:4222')).toBe('nats://***@n1:4222');
    expect(redactUrlCredentials('postgres://sb@db/sb')).toBe('postgres://sb@db/sb');
  });

  it('replaces a non-URL secret by its length', () => {
    expect(redactSensitiveValue('hunter2')).toBe('<redacted, 7 characters>');
  });
});
