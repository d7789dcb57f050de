import { ErrorCode, processWebhook } from '@switchboard/connector-sdk';
import { bindAlertmanager, fixtureJson, webhookRequest } from './testing/alertmanager-fixtures';
import { parseWebhookPayload } from './webhook-payload';

type Payload = Record<string, unknown> & { alerts: Record<string, unknown>[] };

/** A captured payload to break in one place. */
const captured = (): Payload => fixtureJson<Payload>('webhooks/filesystem-group-one-resolved.json');

/** What the ingress answers a payload with: the refusal's status and field errors. */
async function refusal(body: unknown) {
  const outcome = await processWebhook(bindAlertmanager(), webhookRequest(body as object));
  if (outcome.ok) throw new Error('accepted');
  return outcome;
}

describe('Alertmanager webhook payload validation', () => {
  it('accepts every captured payload', () => {
    for (const name of [
      'disk-full-firing',
      'disk-full-resolved',
      'filesystem-group-firing',
      'filesystem-group-one-resolved',
      'filesystem-group-one-refired',
      'instance-down-no-annotations-firing',
    ])
      expect(() => parseWebhookPayload(fixtureJson(`webhooks/${name}.json`))).not.toThrow();
  });

  it('answers 422 with path-qualified errors, and publishes nothing', async () => {
    const payload = captured();
    payload.version = '3';
    expect(await refusal(payload)).toEqual({
      ok: false,
      status: 422,
      reason: 'invalid_payload',
      message: expect.stringContaining('body.version'),
      errors: [
        {
          path: 'body.version',
          message: 'must be "4" (the only webhook payload version Alertmanager sends)',
        },
      ],
    });
  });

  it.each<[string, (payload: Payload) => unknown, { path: string; message: string }[]]>([
    ['an array instead of an object', () => [], [{ path: 'body', message: 'must be a JSON object' }]],
    [
      'no alerts array',
      (p) => ({ ...p, alerts: undefined }),
      [{ path: 'body.alerts', message: 'must be an array' }],
    ],
    [
      'an alert that is not an object',
      (p) => ({ ...p, alerts: [p.alerts[0], 'DiskFull'] }),
      [{ path: 'body.alerts[1]', message: 'must be an object' }],
    ],
    [
      'an unknown alert status',
      (p) => ((p.alerts[2]!.status = 'pending'), p),
      [{ path: 'body.alerts[2].status', message: 'must be "firing" or "resolved"' }],
    ],
    [
      'missing labels and fingerprint',
      (p) => (delete p.alerts[0]!.labels, delete p.alerts[0]!.fingerprint, p),
      [
        { path: 'body.alerts[0].labels', message: 'must be an object of strings' },
        { path: 'body.alerts[0].fingerprint', message: 'must be a non-empty string' },
      ],
    ],
    [
      'empty labels, a number as a label value, annotations that are not an object',
      (p) => {
        p.alerts[0]!.labels = {};
        p.alerts[1]!.labels = { alertname: 'FilesystemAlmostFull', 'mount-point': 1 };
        p.alerts[2]!.annotations = 'none';
        return p;
      },
      [
        { path: 'body.alerts[0].labels', message: 'must not be empty' },
        { path: 'body.alerts[1].labels["mount-point"]', message: 'must be a string' },
        { path: 'body.alerts[2].annotations', message: 'must be an object of strings' },
      ],
    ],
    [
      'bad timestamps, a resolved alert without an end, a numeric generatorURL',
      (p) => {
        p.alerts[0]!.startsAt = 'yesterday';
        p.alerts[1]!.endsAt = '0001-01-01T00:00:00Z';
        p.alerts[2]!.generatorURL = 42;
        p.alerts[2]!.endsAt = 'soon';
        return p;
      },
      [
        { path: 'body.alerts[0].startsAt', message: 'must be an RFC 3339 timestamp' },
        { path: 'body.alerts[1].endsAt', message: 'must be an RFC 3339 timestamp: the alert is resolved' },
        { path: 'body.alerts[2].endsAt', message: 'must be an RFC 3339 timestamp' },
        { path: 'body.alerts[2].generatorURL', message: 'must be a string' },
      ],
    ],
  ])('refuses %s', async (_what, breakIt, errors) => {
    const outcome = await refusal(breakIt(captured()));
    expect(outcome).toMatchObject({ status: 422, reason: 'invalid_payload' });
    expect(outcome.status === 422 && outcome.errors).toEqual(errors);
  });

  it('throws a validation SwitchboardError listing every problem', () => {
    let caught: unknown;
    try {
      parseWebhookPayload({ version: 4, alerts: [{ status: 'firing' }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: ErrorCode.Validation,
      fieldErrors: [
        { path: 'body.version', message: expect.any(String) },
        { path: 'body.alerts[0].labels', message: expect.any(String) },
        { path: 'body.alerts[0].fingerprint', message: expect.any(String) },
        { path: 'body.alerts[0].startsAt', message: expect.any(String) },
      ],
    });
  });

  it('tolerates fields Alertmanager may add within version 4', async () => {
    const payload = captured();
    payload.alerts[0]!.silencedBy = [];
    const outcome = await processWebhook(bindAlertmanager(), webhookRequest({ ...payload, newField: true }));
    expect(outcome.ok).toBe(true);
  });

  it('refuses a body that is not JSON before the connector sees it', async () => {
    expect(await refusal('{"version": "4", alerts')).toMatchObject({
      status: 422,
      errors: [{ path: 'body', message: 'must be valid JSON' }],
    });
  });
});
