import { redactUrlCredentials } from './redaction';

describe('redactUrlCredentials', () => {
  it.each([
    ['postgres://hub:s3cret@db:5432/switchboard', 'postgres://hub:***@db:5432/switchboard'],
    [
      'nats://hub:s3cret@127.0.0.1:4222,nats://hub:s3cret@n2:4222',
      'nats://hub:***@127.0.0.1:4222,nats://hub:***@n2:4222',
    ],
    ['nats://s3cret@nats:4222', 'nats://***@nats:4222'],
    ['postgres://db/app?sslmode=require&password=s3cret', 'postgres://db/app?sslmode=require&password=***'],
    ['connect ECONNREFUSED for tls://u:p@x:1 now', 'connect ECONNREFUSED for tls://u:***@x:1 now'],
    ['postgres://db:5432/app', 'postgres://db:5432/app'],
    ['postgres://hub:s3cret@x@db:5432/app', 'postgres://hub:***@db:5432/app'],
  ])('%s', (input, expected) => {
    expect(redactUrlCredentials(input)).toBe(expected);
    expect(redactUrlCredentials(input)).not.toContain('s3cret');
  });
});
