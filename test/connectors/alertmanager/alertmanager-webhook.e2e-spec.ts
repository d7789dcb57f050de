import { MemoryStateStore } from '@switchboard/connector-sdk';
import type { AlertData, CloudEvent } from '@switchboard/events';
import {
  startAlertmanagerTestServer,
  type AlertmanagerTestServer,
  type PostableAlert,
} from '../../support/alertmanager-test-server';
import {
  bindAlertmanager,
  WEBHOOK_SECRETS,
} from '../../../connectors/alertmanager/testing/alertmanager-fixtures';
import { ConnectorWebhookReceiver } from './support/connector-webhook-receiver';

// A real Alertmanager delivers to a receiver that runs the connector's webhook pipeline exactly as
// the hub's ingress does. Waits are generous: Alertmanager batches by group_wait/group_interval.

const TRIGGERED = 'io.switchboard.ops.alert.triggered.v1';
const RESOLVED = 'io.switchboard.ops.alert.resolved.v1';

describe('Alertmanager → connector webhook (real Alertmanager, basic auth)', () => {
  const receiver = new ConnectorWebhookReceiver(
    bindAlertmanager({ instanceId: 'am-e2e', state: new MemoryStateStore() }),
  );
  let alertmanager: AlertmanagerTestServer;

  beforeAll(async () => {
    alertmanager = await startAlertmanagerTestServer({
      webhookUrl: await receiver.listen(),
      auth: {
        type: 'basic',
        username: WEBHOOK_SECRETS.webhookUsername,
        password: WEBHOOK_SECRETS.webhookPassword,
      },
      groupBy: ['alertname'],
    });
  });
  afterAll(async () => {
    await alertmanager?.stop();
    await receiver.close();
  });

  const diskFull: PostableAlert = {
    labels: {
      alertname: 'DiskFull',
      instance: 'db01:9100',
      job: 'node',
      service: 'postgres',
      severity: 'critical',
    },
    annotations: {
      summary: 'Disk / on db01 is 97% full',
      description: 'Only **3%** left on `/`.',
      runbook_url: 'https://runbooks.example.com/disk-full',
    },
    generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=disk',
  };
  const of = (type: string, fingerprint: string, episodeId?: string) => (e: CloudEvent<AlertData>) =>
    e.type === type &&
    e.subject === fingerprint &&
    (episodeId === undefined || e.data.episodeId === episodeId);

  it('turns firing, resolved and firing-again into triggered, resolved and a new episode', async () => {
    await alertmanager.postAlerts([diskFull]);
    const [held] = await alertmanager.listAlerts(['alertname="DiskFull"']);
    const fingerprint = held!.fingerprint;

    const triggered = await receiver.event(of(TRIGGERED, fingerprint));
    expect(triggered).toMatchObject({
      source: '/connectors/alertmanager/am-e2e',
      time: held!.startsAt,
      dedupkey: fingerprint,
      correlationid: `${fingerprint}@${held!.startsAt}`,
    });
    expect(triggered.data).toMatchObject({
      dedupKey: fingerprint,
      episodeId: `${fingerprint}@${held!.startsAt}`,
      status: 'triggered',
      severity: 'critical',
      nativeSeverity: 'critical',
      title: 'Disk / on db01 is 97% full',
      source: 'alertmanager:DiskFull',
      resource: { host: 'db01', service: 'postgres' },
      labels: diskFull.labels,
      annotations: diskFull.annotations,
      startsAt: held!.startsAt,
    });
    expect(triggered.data).not.toHaveProperty('occurrenceCount');
    expect(triggered.data.description).toMatch(/^Only \*\*3%\*\* left on `\/`\.\n\n\*\*Labels\*\*\n/);
    expect(triggered.data.links!.map((link) => [link.kind, link.href.split('?')[0]])).toEqual([
      ['graph', 'http://prometheus.example.com:9090/graph'],
      ['runbook', 'https://runbooks.example.com/disk-full'],
      ['alertmanager', `${alertmanager.url}/#/alerts`],
      ['silence', `${alertmanager.url}/#/silences/new`],
    ]);
    expect(triggered.data).not.toHaveProperty('endsAt');

    await alertmanager.resolveAlerts([diskFull]);
    const resolved = await receiver.event(of(RESOLVED, fingerprint));
    expect(resolved.correlationid).toBe(triggered.correlationid);
    expect(resolved.data).toMatchObject({
      status: 'resolved',
      episodeId: triggered.data.episodeId,
      startsAt: triggered.data.startsAt,
    });
    expect(Date.parse(resolved.data.endsAt!)).toBeGreaterThanOrEqual(Date.parse(triggered.data.startsAt!));
    expect(resolved.time).toBe(resolved.data.endsAt);
    // A resolved alert is no longer listed by the API (what the poll can see).
    expect(await alertmanager.listAlerts(['alertname="DiskFull"'])).toEqual([]);

    // The same labels firing again: Alertmanager gives it a new startsAt, so a new episode.
    await alertmanager.postAlerts([diskFull]);
    const again = await receiver.event(
      (e) => of(TRIGGERED, fingerprint)(e) && e.data.episodeId !== triggered.data.episodeId,
    );
    expect(Date.parse(again.data.startsAt!)).toBeGreaterThan(Date.parse(triggered.data.startsAt!));
    expect(again.id).not.toBe(triggered.id);
    expect(receiver.outcomes.every((outcome) => outcome.ok)).toBe(true);
  });

  it('maps a group notification with several alerts to one event each', async () => {
    const alerts: PostableAlert[] = ['web01', 'web02'].map((host) => ({
      labels: { alertname: 'HighLatency', instance: `${host}:9100`, job: 'nginx', severity: 'warning' },
      annotations: { summary: `p99 latency high on ${host}` },
    }));
    await alertmanager.postAlerts(alerts);
    const notifications = receiver.outcomes.length;
    const web01 = await receiver.event((e) => e.data.labels?.instance === 'web01:9100');
    const web02 = await receiver.event((e) => e.data.labels?.instance === 'web02:9100');
    expect([web01.data.severity, web02.data.severity]).toEqual(['medium', 'medium']);
    expect([web01.data.title, web02.data.title]).toEqual([
      'p99 latency high on web01',
      'p99 latency high on web02',
    ]);
    // One group (by alertname): both came in the same notification.
    const carrying = receiver.outcomes
      .slice(notifications)
      .filter((o) => o.ok && o.events.some((e) => e.subject === web01.subject));
    expect(carrying[0]!.ok && carrying[0]!.events.map((e) => e.subject).sort()).toEqual(
      [web01.subject, web02.subject].sort(),
    );
  });
});

describe('Alertmanager → connector webhook (real Alertmanager, bearer token and wrong credentials)', () => {
  it('accepts the bearer token of the receiver http_config', async () => {
    const receiver = new ConnectorWebhookReceiver(bindAlertmanager({ instanceId: 'am-bearer' }));
    const alertmanager = await startAlertmanagerTestServer({
      webhookUrl: await receiver.listen(),
      auth: { type: 'bearer', token: WEBHOOK_SECRETS.webhookToken },
    });
    try {
      await alertmanager.postAlerts([{ labels: { alertname: 'CpuHigh', instance: 'app01:9100' } }]);
      const event = await receiver.event((e) => e.data.labels?.alertname === 'CpuHigh');
      expect(event).toMatchObject({ type: TRIGGERED, source: '/connectors/alertmanager/am-bearer' });
      expect(event.data).toMatchObject({ severity: 'medium', title: 'CpuHigh on app01:9100' });
    } finally {
      await alertmanager.stop();
      await receiver.close();
    }
  });

  it('refuses an Alertmanager sending the wrong password: 403, no event', async () => {
    const receiver = new ConnectorWebhookReceiver(bindAlertmanager({ instanceId: 'am-wrong' }));
    const alertmanager = await startAlertmanagerTestServer({
      webhookUrl: await receiver.listen(),
      auth: { type: 'basic', username: WEBHOOK_SECRETS.webhookUsername, password: 'not-the-password' },
    });
    try {
      await alertmanager.postAlerts([{ labels: { alertname: 'Forged', instance: 'x:1' } }]);
      const deadline = Date.now() + 45_000;
      while (receiver.outcomes.length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(receiver.outcomes[0]).toMatchObject({ ok: false, status: 403, reason: 'bad_credentials' });
      expect(receiver.events).toEqual([]);
    } finally {
      await alertmanager.stop();
      await receiver.close();
    }
  });
});
