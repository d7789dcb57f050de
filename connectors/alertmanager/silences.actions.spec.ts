import { ErrorCode, MemoryStateStore, runAction, type CommandMeta } from '@switchboard/connector-sdk';
import type { GettableSilence, PostableSilence } from './api-types';
import { durationMs, silenceWindow } from './silences.actions';
import { bindAlertmanager } from './testing/alertmanager-fixtures';
import type { VendorRequest } from '@switchboard/connector-testkit';
import {
  jsonBody,
  startFakeAlertmanagerApi,
  type FakeAlertmanagerApi,
} from './testing/fake-alertmanager-api';

const NOW = new Date('2026-12-01T14:00:00.000Z');
const SILENCE_ID = '5b3ad8c4-5d6e-4f43-9d2e-1b2c3d4e5f60';
const meta = (idempotencyKey = 'run-1/step-silence'): CommandMeta => ({
  idempotencyKey,
  commandId: 'cmd-1',
  attempt: 1,
});
const matchers = [
  { name: 'alertname', value: 'DiskFull' },
  { name: 'instance', value: 'db01:9100' },
];

/** A fake silences API: a list, create, get and delete, like Alertmanager 0.25 answers them. */
function silencesApi(silences: GettableSilence[]) {
  return {
    'GET /api/v2/silences': () => ({ body: silences }),
    'POST /api/v2/silences': (request: VendorRequest) => {
      const posted = jsonBody<PostableSilence>(request);
      const id = `00000000-0000-4000-8000-${String(silences.length).padStart(12, '0')}`;
      silences.push({ ...posted, id, updatedAt: NOW.toISOString(), status: { state: 'active' } });
      return { body: { silenceID: id } };
    },
    'GET /api/v2/silence/*': (request: VendorRequest) => {
      const found = silences.find((s) => request.path.endsWith(s.id));
      return found ? { body: found } : { status: 404, body: '' };
    },
    'DELETE /api/v2/silence/*': (request: VendorRequest) => {
      const found = silences.find((s) => request.path.endsWith(s.id));
      if (!found) return { status: 500, body: 'silence not found' };
      found.status.state = 'expired';
      return { status: 200, body: '' };
    },
  };
}

describe('silence commands', () => {
  let api: FakeAlertmanagerApi;
  let silences: GettableSilence[];
  beforeAll(async () => {
    api = await startFakeAlertmanagerApi({});
  });
  beforeEach(() => {
    silences = [];
    api.routes = silencesApi(silences);
    api.forget();
  });
  afterAll(() => api.close());
  const instance = (state = new MemoryStateStore()) =>
    bindAlertmanager({ config: { baseUrl: api.url }, state, now: () => NOW });

  describe('silence.create', () => {
    it('posts the silence with the marker in its comment and answers its id', async () => {
      const outcome = await runAction(
        instance(),
        'silence.create',
        { matchers, duration: '2h', comment: 'Disk being grown' },
        meta(),
      );
      expect(outcome).toEqual({ output: { silenceId: silences[0]!.id }, events: [] });
      expect(jsonBody(api.requests.find((r) => r.method === 'POST')!)).toEqual({
        matchers: [
          { name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true },
          { name: 'instance', value: 'db01:9100', isRegex: false, isEqual: true },
        ],
        startsAt: '2026-12-01T14:00:00.000Z',
        endsAt: '2026-12-01T16:00:00.000Z',
        createdBy: 'switchboard',
        comment: expect.stringMatching(/^Disk being grown \[sb-[0-9a-f]{24}\]$/),
      });
    });

    it('creates one silence per idempotency key, even when the hub forgot it created one', async () => {
      const input = { matchers, endsAt: '2026-12-02T00:00:00Z', comment: 'Maintenance', createdBy: 'alice' };
      const first = await runAction(instance(), 'silence.create', input, meta());
      // A fresh state store: the intent record is gone, only the marker in Alertmanager remains.
      const retried = await runAction(instance(), 'silence.create', input, meta());
      expect(retried.output).toEqual(first.output);
      expect(silences).toHaveLength(1);
      expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
      // Another key is another silence.
      await runAction(instance(), 'silence.create', input, meta('run-2/step-silence'));
      expect(silences).toHaveLength(2);
    });

    it('does not count an expired silence carrying the marker as created', async () => {
      const input = { matchers, duration: '30m', comment: 'Again' };
      await runAction(instance(), 'silence.create', input, meta());
      silences[0]!.status.state = 'expired';
      await runAction(instance(), 'silence.create', input, meta());
      expect(silences).toHaveLength(2);
    });

    it.each<[string, Record<string, unknown>, { path: string; message: string }[]]>([
      [
        'no matchers',
        { matchers: [], duration: '1h', comment: 'c' },
        [{ path: 'input.matchers', message: 'must not be empty' }],
      ],
      [
        'a bad matcher',
        { matchers: [{ name: 'instance name', value: 1 }], duration: '1h', comment: 'c' },
        [
          { path: 'input.matchers[0].name', message: 'must be a Prometheus label name' },
          { path: 'input.matchers[0].value', message: 'must be a string' },
        ],
      ],
      [
        'neither endsAt nor duration',
        { matchers, comment: 'c' },
        [{ path: 'input.duration', message: 'is required' }],
      ],
      [
        'both endsAt and duration',
        { matchers, comment: 'c', duration: '1h', endsAt: '2026-12-02T00:00:00Z' },
        [{ path: 'input.endsAt', message: 'must not be set together with duration' }],
      ],
      [
        'a duration that is not one',
        { matchers, comment: 'c', duration: 'an hour' },
        [{ path: 'input.duration', message: 'must be a duration such as 30m, 2h or 1d12h' }],
      ],
      ['no comment', { matchers, duration: '1h' }, [{ path: 'input.comment', message: 'is required' }]],
    ])('refuses %s before calling Alertmanager', async (_what, input, errors) => {
      await expect(runAction(instance(), 'silence.create', input, meta())).rejects.toMatchObject({
        code: ErrorCode.Validation,
        fieldErrors: errors,
      });
      expect(api.requests).toEqual([]);
    });

    it('refuses a window that ends before it starts or in the past', async () => {
      const before = {
        matchers,
        comment: 'c',
        startsAt: '2026-12-03T00:00:00Z',
        endsAt: '2026-12-02T00:00:00Z',
      };
      await expect(runAction(instance(), 'silence.create', before, meta())).rejects.toMatchObject({
        code: ErrorCode.Validation,
        fieldErrors: [{ path: 'input.endsAt', message: 'must end the silence after it starts' }],
      });
      const past = { matchers, comment: 'c', startsAt: '2026-11-01T00:00:00Z', duration: '1h' };
      await expect(runAction(instance(), 'silence.create', past, meta())).rejects.toMatchObject({
        fieldErrors: [{ path: 'input.startsAt', message: 'must end the silence in the future' }],
      });
    });
  });

  describe('silence.expire', () => {
    const active = (): GettableSilence => ({
      id: SILENCE_ID,
      matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }],
      startsAt: '2026-12-01T13:00:00.000Z',
      endsAt: '2026-12-01T18:00:00.000Z',
      updatedAt: '2026-12-01T13:00:00.000Z',
      createdBy: 'alice',
      comment: 'Maintenance',
      status: { state: 'active' },
    });

    it('expires an active silence, then answers the repeat as done without a second DELETE', async () => {
      silences.push(active());
      const input = { silenceId: SILENCE_ID };
      expect((await runAction(instance(), 'silence.expire', input, meta())).output).toEqual({
        silenceId: SILENCE_ID,
        expired: true,
        previousState: 'active',
      });
      expect((await runAction(instance(), 'silence.expire', input, meta())).output).toEqual({
        silenceId: SILENCE_ID,
        expired: false,
        previousState: 'expired',
      });
      expect(api.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    });

    it('treats an unknown silence as done (Alertmanager would answer its DELETE with a 500)', async () => {
      expect(
        (await runAction(instance(), 'silence.expire', { silenceId: SILENCE_ID }, meta())).output,
      ).toEqual({
        silenceId: SILENCE_ID,
        expired: false,
        previousState: 'unknown',
      });
      expect(api.requests.map((r) => r.method)).toEqual(['GET']);
    });

    it('refuses an id that is not a UUID', async () => {
      await expect(
        runAction(instance(), 'silence.expire', { silenceId: 'nope' }, meta()),
      ).rejects.toMatchObject({
        fieldErrors: [{ path: 'input.silenceId', message: 'must be an Alertmanager silence id (a UUID)' }],
      });
    });
  });

  it('reads durations the Prometheus way and computes the window from now', () => {
    expect(durationMs('90m')).toBe(5_400_000);
    expect(durationMs('1d12h')).toBe(129_600_000);
    expect(durationMs('1w')).toBe(604_800_000);
    expect(durationMs('soon')).toBe(0);
    expect(silenceWindow({ matchers: [], comment: 'c', duration: '15m' }, NOW)).toEqual({
      startsAt: '2026-12-01T14:00:00.000Z',
      endsAt: '2026-12-01T14:15:00.000Z',
    });
  });
});
