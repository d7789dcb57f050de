import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { signHmac } from './hmac-signature';
import type { HmacWebhookScheme, WebhookAuthScheme, WebhookRequest } from './webhook-auth-scheme';
import { signWebhook } from './webhook-signer';
import { verifyWebhook } from './webhook-verifier';

const RECEIVED_AT = new Date('2024-05-01T12:00:00Z');
const SECRET = 'whsec-canary-3f9a1c';
const TOKEN = 'tok-canary-77aa21';

function request(headers: WebhookRequest['headers'], body: string | Buffer = '{"a":1}'): WebhookRequest {
  return { headers, rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body), receivedAt: RECEIVED_AT };
}

function expectNoSecretsIn(result: ReturnType<typeof verifyWebhook>, ...values: string[]): void {
  const text = JSON.stringify(result);
  for (const value of values) expect(text).not.toContain(value);
}

const github: HmacWebhookScheme = {
  type: 'hmac',
  secret: 'webhookSecret',
  algorithm: 'sha256',
  header: 'X-Hub-Signature-256',
  encoding: 'hex',
  prefix: 'sha256=',
};

const slack: HmacWebhookScheme = {
  type: 'hmac',
  secret: 'signingSecret',
  algorithm: 'sha256',
  header: 'x-slack-signature',
  encoding: 'hex',
  prefix: 'v0=',
  signedPayload: 'v0:${timestamp}:${body}',
  timestamp: { header: 'x-slack-request-timestamp', format: 'unix-seconds' },
};

const stripe: HmacWebhookScheme = {
  type: 'hmac',
  secret: 'endpointSecret',
  algorithm: 'sha256',
  header: 'stripe-signature',
  encoding: 'hex',
  signatureKey: 'v1',
  signedPayload: '${timestamp}.${body}',
  timestamp: { header: 'stripe-signature', key: 't' },
};

describe('verifyWebhook — hmac', () => {
  it("accepts GitHub's published example signature", () => {
    // From GitHub's "Validating webhook deliveries" documentation.
    const result = verifyWebhook(
      github,
      { webhookSecret: "It's a Secret to Everybody" },
      request(
        { 'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' },
        'Hello, World!',
      ),
    );
    expect(result).toEqual({ ok: true });
  });

  it('rejects a body that was changed after signing, without revealing the secret or the signature', () => {
    const headers = signWebhook(github, { webhookSecret: SECRET }, Buffer.from('{"a":1}'));
    const result = verifyWebhook(github, { webhookSecret: SECRET }, request(headers, '{"a":2}'));
    expect(result).toMatchObject({ ok: false, reason: 'bad_signature' });
    expectNoSecretsIn(result, SECRET, headers['x-hub-signature-256'].slice(7));
  });

  it('rejects a signature made with another secret', () => {
    const headers = signWebhook(github, { webhookSecret: 'some-other-secret' }, Buffer.from('{"a":1}'));
    expect(verifyWebhook(github, { webhookSecret: SECRET }, request(headers))).toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('says which credential is missing', () => {
    expect(verifyWebhook(github, { webhookSecret: SECRET }, request({}))).toEqual({
      ok: false,
      reason: 'missing_credentials',
      message: 'Signature header X-Hub-Signature-256 is missing',
    });
  });

  it.each([
    ['no prefix', '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'],
    ['not hex', 'sha256=zz'],
    ['odd length', 'sha256=abc'],
  ])('calls a signature with %s malformed', (_case, value) => {
    expect(
      verifyWebhook(github, { webhookSecret: SECRET }, request({ 'x-hub-signature-256': value })),
    ).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('supports sha1 and base64 signatures', () => {
    const scheme: HmacWebhookScheme = {
      type: 'hmac',
      secret: 's',
      algorithm: 'sha1',
      header: 'x-signature',
      encoding: 'base64',
    };
    const body = Buffer.from([0xff, 0x00, 0xfe]); // not UTF-8: signatures are over bytes
    const signature = signHmac({ algorithm: 'sha1', secret: SECRET, payload: body, encoding: 'base64' });
    expect(verifyWebhook(scheme, { s: SECRET }, request({ 'x-signature': signature }, body))).toEqual({
      ok: true,
    });
    expect(
      verifyWebhook(scheme, { s: SECRET }, request({ 'x-signature': signature }, Buffer.from('x'))),
    ).toMatchObject({ reason: 'bad_signature' });
  });

  it('accepts any of several presented signatures (repeated headers)', () => {
    const good = signWebhook(github, { webhookSecret: SECRET }, Buffer.from('{"a":1}'))[
      'x-hub-signature-256'
    ];
    const headers = { 'x-hub-signature-256': ['sha256=' + '00'.repeat(32), good] };
    expect(verifyWebhook(github, { webhookSecret: SECRET }, request(headers))).toEqual({ ok: true });
  });

  it('throws a validation error naming the field, not a value, when the secret is not configured', () => {
    const attempt = () =>
      verifyWebhook(github, { webhookSecret: '' }, request({ 'x-hub-signature-256': 'sha256=00' }));
    expect(attempt).toThrow(SwitchboardError);
    expect(attempt).toThrow("Webhook secret field 'webhookSecret' is not configured");
    try {
      attempt();
    } catch (error) {
      expect((error as SwitchboardError).code).toBe(ErrorCode.Validation);
    }
  });
});

describe('verifyWebhook — timestamped hmac (replay window)', () => {
  const secrets = { signingSecret: SECRET };
  const body = Buffer.from('token=abc&team_id=T1');

  it("accepts Slack's published example request", () => {
    // From Slack's "Verifying requests from Slack" documentation.
    const slackBody =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const result = verifyWebhook(
      slack,
      { signingSecret: '8f742231b10e8888abcd99yyyzzz85a5' },
      request(
        {
          'x-slack-request-timestamp': '1531420618',
          'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
        },
        slackBody,
      ),
      new Date(1531420618 * 1000 + 30_000),
    );
    expect(result).toEqual({ ok: true });
  });

  it('accepts a fresh request and measures the window from receivedAt by default', () => {
    const headers = signWebhook(slack, secrets, body, new Date(RECEIVED_AT.getTime() - 60_000));
    expect(verifyWebhook(slack, secrets, request(headers, body))).toEqual({ ok: true });
  });

  it('rejects a correctly signed but old request as stale', () => {
    const headers = signWebhook(slack, secrets, body, new Date(RECEIVED_AT.getTime() - 6 * 60_000));
    expect(verifyWebhook(slack, secrets, request(headers, body))).toEqual({
      ok: false,
      reason: 'stale_timestamp',
      message: 'Timestamp is older than the 300s replay window',
    });
  });

  it('rejects a timestamp too far in the future with its own message', () => {
    const headers = signWebhook(slack, secrets, body, new Date(RECEIVED_AT.getTime() + 6 * 60_000));
    expect(verifyWebhook(slack, secrets, request(headers, body))).toMatchObject({
      reason: 'stale_timestamp',
      message: 'Timestamp is more than 300s in the future',
    });
  });

  it('honours a custom tolerance', () => {
    const scheme = { ...slack, timestamp: { ...slack.timestamp!, toleranceMs: 10_000 } };
    const headers = signWebhook(scheme, secrets, body, new Date(RECEIVED_AT.getTime() - 11_000));
    expect(verifyWebhook(scheme, secrets, request(headers, body))).toMatchObject({
      reason: 'stale_timestamp',
    });
  });

  it('does not let a replayed request refresh its timestamp (the timestamp is signed)', () => {
    const headers = signWebhook(slack, secrets, body, new Date(RECEIVED_AT.getTime() - 6 * 60_000));
    headers['x-slack-request-timestamp'] = String(RECEIVED_AT.getTime() / 1000);
    expect(verifyWebhook(slack, secrets, request(headers, body))).toMatchObject({ reason: 'bad_signature' });
  });

  it('calls a missing or unreadable timestamp malformed', () => {
    const headers = signWebhook(slack, secrets, body, RECEIVED_AT);
    const withoutTimestamp = { 'x-slack-signature': headers['x-slack-signature'] };
    expect(verifyWebhook(slack, secrets, request(withoutTimestamp, body))).toMatchObject({
      reason: 'malformed',
    });

    const isoScheme = {
      ...slack,
      timestamp: { header: 'x-slack-request-timestamp', format: 'iso' as const },
    };
    const garbled = signWebhook(isoScheme, secrets, body, RECEIVED_AT);
    garbled['x-slack-request-timestamp'] = 'not a date';
    const resigned = signHmac({
      algorithm: 'sha256',
      secret: SECRET,
      payload: Buffer.concat([Buffer.from('v0:not a date:'), body]),
      encoding: 'hex',
      prefix: 'v0=',
    });
    garbled['x-slack-signature'] = resigned;
    expect(verifyWebhook(isoScheme, secrets, request(garbled, body))).toMatchObject({
      reason: 'malformed',
      message: 'Timestamp in header x-slack-request-timestamp cannot be read',
    });
  });

  it('verifies Stripe-style list headers with several v1 signatures (secret rotation)', () => {
    const stripeSecrets = { endpointSecret: SECRET };
    const signed = signWebhook(stripe, stripeSecrets, body, RECEIVED_AT)['stripe-signature'];
    expect(signed).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const rotated = signWebhook(stripe, { endpointSecret: 'old-secret-1234' }, body, RECEIVED_AT)[
      'stripe-signature'
    ];
    const header = `${rotated},${signed.split(',')[1]}`;
    expect(verifyWebhook(stripe, stripeSecrets, request({ 'stripe-signature': header }, body))).toEqual({
      ok: true,
    });
    expect(
      verifyWebhook(stripe, stripeSecrets, request({ 'stripe-signature': signed.split(',')[0] }, body)),
    ).toMatchObject({ reason: 'malformed', message: 'Signature header stripe-signature has no v1= entry' });
  });

  it('reads millisecond and ISO timestamps', () => {
    for (const format of ['unix-ms', 'iso', 'auto'] as const) {
      const scheme = { ...slack, timestamp: { header: 'x-ts', format } };
      const headers = signWebhook(scheme, secrets, body, RECEIVED_AT);
      expect(verifyWebhook(scheme, secrets, request(headers, body))).toEqual({ ok: true });
    }
  });
});

describe('verifyWebhook — bearer and basic', () => {
  const bearer: WebhookAuthScheme = { type: 'bearer', tokenSecret: 'webhookToken' };
  const secrets = { webhookToken: TOKEN, user: 'alertmanager', pass: 'pw-canary-991' };

  it.each([
    [{ authorization: `Bearer ${TOKEN}` }, { ok: true }],
    [{ authorization: `bearer   ${TOKEN}` }, { ok: true }],
    [{ authorization: 'Bearer wrong-token-123' }, { ok: false, reason: 'bad_credentials' }],
    [{ authorization: `Bearer ${TOKEN}x` }, { ok: false, reason: 'bad_credentials' }],
    [{ authorization: `Token ${TOKEN}` }, { ok: false, reason: 'malformed' }],
    [{}, { ok: false, reason: 'missing_credentials' }],
  ])('bearer %j', (headers, expected) => {
    const result = verifyWebhook(bearer, secrets, request(headers));
    expect(result).toMatchObject(expected);
    expectNoSecretsIn(result, TOKEN, 'wrong-token-123');
  });

  it('reads a bare token from a custom header (GitLab style)', () => {
    const gitlab: WebhookAuthScheme = {
      type: 'bearer',
      tokenSecret: 'webhookToken',
      header: 'X-Gitlab-Token',
    };
    expect(verifyWebhook(gitlab, secrets, request({ 'x-gitlab-token': TOKEN }))).toEqual({ ok: true });
    expect(verifyWebhook(gitlab, secrets, request({ 'x-gitlab-token': 'nope-nope' }))).toMatchObject({
      reason: 'bad_credentials',
    });
  });

  const basic: WebhookAuthScheme = { type: 'basic', usernameSecret: 'user', passwordSecret: 'pass' };
  const basicHeader = (user: string, pass: string) => ({
    authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
  });

  it.each([
    [basicHeader('alertmanager', 'pw-canary-991'), { ok: true }],
    [basicHeader('alertmanager', 'pw:with-colon'), { ok: false, reason: 'bad_credentials' }],
    [basicHeader('someone', 'pw-canary-991'), { ok: false, reason: 'bad_credentials' }],
    [{ authorization: 'Basic !!!' }, { ok: false, reason: 'malformed' }],
    [
      { authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` },
      { ok: false, reason: 'malformed' },
    ],
    [{ authorization: `Bearer ${TOKEN}` }, { ok: false, reason: 'malformed' }],
    [{}, { ok: false, reason: 'missing_credentials' }],
  ])('basic %j', (headers, expected) => {
    const result = verifyWebhook(basic, secrets, request(headers));
    expect(result).toMatchObject(expected);
    expectNoSecretsIn(result, 'pw-canary-991', 'pw:with-colon');
  });

  it('keeps a colon inside the password', () => {
    const withColon = { ...secrets, pass: 'pw:with-colon' };
    expect(verifyWebhook(basic, withColon, request(basicHeader('alertmanager', 'pw:with-colon')))).toEqual({
      ok: true,
    });
  });
});
