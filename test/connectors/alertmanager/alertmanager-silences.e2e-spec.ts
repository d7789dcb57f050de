import { randomUUID } from 'node:crypto';
import { MemoryStateStore, runAction, type CommandMeta } from '@switchboard/connector-sdk';
import {
  startAlertmanagerTestServer,
  type AlertmanagerTestServer,
} from '../../support/alertmanager-test-server';
import { bindAlertmanager } from '../../../connectors/alertmanager/testing/alertmanager-fixtures';
import { WebhookRecorder } from './support/webhook-recorder';

// silence.create and silence.expire through runAction (input and output validated as in
// production) against a real Alertmanager, checked through its own /api/v2/silences.

describe('Alertmanager silences (real Alertmanager)', () => {
  const sink = new WebhookRecorder();
  let alertmanager: AlertmanagerTestServer;
  beforeAll(async () => {
    alertmanager = await startAlertmanagerTestServer({ webhookUrl: await sink.listen() });
  });
  afterAll(async () => {
    await alertmanager?.stop();
    await sink.close();
  });

  const instance = (state = new MemoryStateStore()) =>
    bindAlertmanager({ config: { baseUrl: alertmanager.url }, state });
  const meta = (idempotencyKey: string, attempt = 1): CommandMeta => ({
    idempotencyKey,
    commandId: randomUUID(),
    attempt,
  });
  const input = {
    matchers: [
      { name: 'alertname', value: 'DiskFull' },
      { name: 'instance', value: 'db0[1-3]:9100', isRegex: true },
    ],
    duration: '2h',
    comment: 'Volume being grown (CHG-1042)',
    createdBy: 'alice@example.com',
  };

  it('creates one silence per idempotency key, expires it, and treats a repeat or an unknown id as done', async () => {
    const state = new MemoryStateStore();
    const created = await runAction(instance(state), 'silence.create', input, meta('flow-7/silence'));
    const silenceId = created.output.silenceId as string;

    const [silence, ...others] = await alertmanager.listSilences();
    expect(others).toEqual([]);
    expect(silence).toMatchObject({
      id: silenceId,
      status: { state: 'active' },
      createdBy: 'alice@example.com',
      comment: expect.stringMatching(/^Volume being grown \(CHG-1042\) \[sb-[0-9a-f]{24}\]$/),
      matchers: [
        { name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true },
        { name: 'instance', value: 'db0[1-3]:9100', isRegex: true, isEqual: true },
      ],
    });
    expect(Date.parse(silence!.endsAt) - Date.parse(silence!.startsAt)).toBeGreaterThan(
      2 * 3_600_000 - 5_000,
    );

    // Retried with the same key: from the recorded intent, then as a restarted hub that lost it.
    const retried = await runAction(instance(state), 'silence.create', input, meta('flow-7/silence', 2));
    const afterRestart = await runAction(instance(), 'silence.create', input, meta('flow-7/silence', 3));
    expect([retried.output, afterRestart.output]).toEqual([{ silenceId }, { silenceId }]);
    expect(await alertmanager.listSilences()).toHaveLength(1);

    const expired = await runAction(instance(), 'silence.expire', { silenceId }, meta('flow-7/unsilence'));
    expect(expired.output).toEqual({ silenceId, expired: true, previousState: 'active' });
    expect((await alertmanager.listSilences())[0]).toMatchObject({
      id: silenceId,
      status: { state: 'expired' },
    });

    const repeated = await runAction(
      instance(),
      'silence.expire',
      { silenceId },
      meta('flow-7/unsilence', 2),
    );
    expect(repeated.output).toEqual({ silenceId, expired: false, previousState: 'expired' });
    const unknown = randomUUID();
    expect((await runAction(instance(), 'silence.expire', { silenceId: unknown }, meta('x'))).output).toEqual(
      {
        silenceId: unknown,
        expired: false,
        previousState: 'unknown',
      },
    );

    // With the first silence expired, the same key creates a new one: an expired silence silences nothing.
    const renewed = await runAction(instance(), 'silence.create', input, meta('flow-7/silence', 4));
    expect(renewed.output.silenceId).not.toBe(silenceId);
  });

  it('passes Alertmanager refusals on as validation errors', async () => {
    const all = { ...input, matchers: [{ name: 'alertname', value: '.*', isRegex: true }] };
    await expect(runAction(instance(), 'silence.create', all, meta('too-broad'))).rejects.toMatchObject({
      code: 'validation',
    });
  });
});
