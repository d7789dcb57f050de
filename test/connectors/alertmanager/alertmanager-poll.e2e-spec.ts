import { randomUUID } from 'node:crypto';
import { MemoryStateStore, pollPages, runAction, type PolledPage } from '@switchboard/connector-sdk';
import type { AlertData, CloudEvent } from '@switchboard/events';
import {
  startAlertmanagerTestServer,
  type AlertmanagerTestServer,
  type PostableAlert,
} from '../../support/alertmanager-test-server';
import type { AlertmanagerConfig, AlertsCursor } from '../../../connectors/alertmanager';
import {
  bindAlertmanager,
  WEBHOOK_SECRETS,
} from '../../../connectors/alertmanager/testing/alertmanager-fixtures';
import { ConnectorWebhookReceiver } from './support/connector-webhook-receiver';

// The reconciling poll against a real Alertmanager that also delivers webhooks to the same
// instance: the poll must repeat the webhook's event ids, never add its own.

describe('Alertmanager poll (real Alertmanager)', () => {
  const state = new MemoryStateStore();
  let receiver: ConnectorWebhookReceiver;
  let alertmanager: AlertmanagerTestServer;

  beforeAll(async () => {
    receiver = new ConnectorWebhookReceiver(bindAlertmanager({ instanceId: 'am-poll', state }));
    alertmanager = await startAlertmanagerTestServer({
      webhookUrl: await receiver.listen(),
      auth: { type: 'bearer', token: WEBHOOK_SECRETS.webhookToken },
      groupBy: ['alertname'],
    });
  });
  afterAll(async () => {
    await alertmanager?.stop();
    await receiver?.close();
  });

  const poll = async (cursor?: AlertsCursor) => {
    const instance = bindAlertmanager({
      instanceId: 'am-poll',
      state,
      config: { baseUrl: alertmanager.url, pollReceiver: alertmanager.receiver },
    });
    const pages: PolledPage<AlertsCursor>[] = [];
    for await (const page of pollPages<AlertmanagerConfig, AlertsCursor>(instance, cursor)) pages.push(page);
    return {
      events: pages.flatMap((p) => p.events) as CloudEvent<AlertData>[],
      cursor: pages.at(-1)!.cursor,
    };
  };
  const alert = (name: string, instance: string): PostableAlert => ({
    labels: { alertname: name, instance, job: 'node', severity: 'warning' },
    annotations: { summary: `${name} on ${instance}` },
  });

  it('sees the injected alerts, with the event ids the webhook gave them', async () => {
    const alerts = [alert('MemoryHigh', 'app01:9100'), alert('MemoryHigh', 'app02:9100')];
    await alertmanager.postAlerts(alerts);
    const pushed = await Promise.all(
      alerts.map((a) => receiver.event((e) => e.data.labels?.instance === a.labels.instance)),
    );

    const { events, cursor } = await poll();
    const polled = events.filter((e) => e.data.labels?.alertname === 'MemoryHigh');
    expect(polled.map((e) => e.id).sort()).toEqual(pushed.map((e) => e.id).sort());
    expect(polled.every((e) => e.syncmode === 'reconcile')).toBe(true);
    const [held] = await alertmanager.listAlerts(['alertname="MemoryHigh"']);
    expect(cursor).toEqual({ updatedAt: held!.updatedAt });

    // The same cursor again: the same events (inclusive boundary); a far-future cursor: nothing.
    expect((await poll(cursor)).events.map((e) => e.id).sort()).toEqual(polled.map((e) => e.id).sort());
    const far = { updatedAt: '2999-01-01T00:00:00.000Z' };
    expect(await poll(far)).toEqual({ events: [], cursor: far });
  });

  it('moves on to what changed after the cursor, and cannot see silenced or resolved alerts', async () => {
    const before = await poll();
    await new Promise((resolve) => setTimeout(resolve, 20)); // updatedAt has milliseconds
    const later = [alert('SwapHigh', 'app03:9100'), alert('SwapHigh', 'app04:9100')];
    await alertmanager.postAlerts(later);
    const after = await poll(before.cursor);
    // The new alerts, plus the boundary ones again (inclusive cursor) with the ids they had.
    expect(after.events.map((e) => e.data.labels?.instance).sort()).toEqual([
      'app01:9100',
      'app02:9100',
      'app03:9100',
      'app04:9100',
    ]);
    const earlierIds = new Set(before.events.map((e) => e.id));
    expect(
      after.events
        .filter((e) => e.data.labels?.alertname === 'MemoryHigh')
        .every((e) => earlierIds.has(e.id)),
    ).toBe(true);
    expect(Date.parse(after.cursor.updatedAt)).toBeGreaterThan(Date.parse(before.cursor.updatedAt));
    expect((await poll(after.cursor)).events.map((e) => e.data.labels?.alertname)).toEqual([
      'SwapHigh',
      'SwapHigh',
    ]);

    // Silenced: Alertmanager would not notify it, so neither does the poll.
    const silencer = bindAlertmanager({ config: { baseUrl: alertmanager.url } });
    await runAction(
      silencer,
      'silence.create',
      { matchers: [{ name: 'instance', value: 'app03:9100' }], duration: '1h', comment: 'quiet' },
      { idempotencyKey: randomUUID(), commandId: randomUUID(), attempt: 1 },
    );
    // Resolved: gone from the API at once; only the webhook tells.
    await alertmanager.resolveAlerts([later[1]!]);
    const instances = (await poll()).events.map((e) => e.data.labels?.instance);
    expect(instances).not.toContain('app03:9100');
    expect(instances).not.toContain('app04:9100');
    expect(instances).toEqual(expect.arrayContaining(['app01:9100', 'app02:9100']));
  });
});
