import { MemoryStateStore, processWebhook, type ConnectorInstance } from '@switchboard/connector-sdk';
import type { AlertData, CloudEvent } from '@switchboard/events';
import type { AlertmanagerConfig } from './alertmanager.config';
import {
  basicAuthorization,
  bindAlertmanager,
  fixtureBytes,
  WEBHOOK_SECRETS,
  webhookRequest,
} from './testing/alertmanager-fixtures';

const TRIGGERED = 'io.switchboard.ops.alert.triggered.v1';
const RESOLVED = 'io.switchboard.ops.alert.resolved.v1';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Runs one fixture through the webhook pipeline as the ingress does; fails on a refusal. */
async function deliver(
  instance: ConnectorInstance<AlertmanagerConfig>,
  fixture: string,
): Promise<CloudEvent<AlertData>[]> {
  const outcome = await processWebhook(instance, webhookRequest(fixtureBytes(`webhooks/${fixture}.json`)));
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome.events as CloudEvent<AlertData>[];
}

const DISK_FULL_FILTER =
  '%7Balertname%3D%22DiskFull%22%2Cinstance%3D%22db01%3A9100%22%2Cjob%3D%22node%22%2Crun%3D%22smoke1795323267%22%2Cservice%3D%22postgres%22%2Cseverity%3D%22critical%22%7D';
const DISK_FULL_LABELS = {
  alertname: 'DiskFull',
  instance: 'db01:9100',
  job: 'node',
  run: 'smoke1795323267',
  service: 'postgres',
  severity: 'critical',
};

describe('Alertmanager webhook → alert events (captured payloads)', () => {
  it('maps the DiskFull firing notification to one triggered event', async () => {
    const [event, ...rest] = await deliver(bindAlertmanager(), 'disk-full-firing');
    expect(rest).toEqual([]);
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(UUID_V7),
      source: '/connectors/alertmanager/am-prod',
      type: TRIGGERED,
      subject: '2dd9c106fe9d08c4',
      time: '2026-11-22T04:54:27.317Z',
      datacontenttype: 'application/json',
      dataschema: 'https://schemas.switchboard.dev/events/io.switchboard.ops.alert.triggered.v1.json',
      tenantid: 'acme',
      partitionkey: '2dd9c106fe9d08c4',
      dedupkey: '2dd9c106fe9d08c4',
      originconnector: 'am-prod',
      correlationid: '2dd9c106fe9d08c4@2026-11-22T04:54:27.317Z',
      recordedtime: '2026-12-01T14:00:00.000Z',
      data: {
        dedupKey: '2dd9c106fe9d08c4',
        episodeId: '2dd9c106fe9d08c4@2026-11-22T04:54:27.317Z',
        status: 'triggered',
        severity: 'critical',
        nativeSeverity: 'critical',
        title: 'Disk / on db01 is 97% full',
        description: [
          '**Labels**',
          '',
          '- `alertname`: `DiskFull`',
          '- `instance`: `db01:9100`',
          '- `job`: `node`',
          '- `run`: `smoke1795323267`',
          '- `service`: `postgres`',
          '- `severity`: `critical`',
        ].join('\n'),
        source: 'alertmanager:DiskFull',
        resource: { host: 'db01', service: 'postgres' },
        labels: DISK_FULL_LABELS,
        annotations: {
          runbook_url: 'http://127.0.0.1/runbooks/diskfull',
          summary: 'Disk / on db01 is 97% full',
        },
        startsAt: '2026-11-22T04:54:27.317Z',
        links: [
          { href: 'http://127.0.0.1:9090/graph?g0.expr=disk', title: 'Source expression', kind: 'graph' },
          { href: 'http://127.0.0.1/runbooks/diskfull', title: 'Runbook', kind: 'runbook' },
          {
            href: `http://127.0.0.1:9093/#/alerts?filter=${DISK_FULL_FILTER}`,
            title: 'Alert in Alertmanager',
            kind: 'alertmanager',
          },
          {
            href: `http://127.0.0.1:9093/#/silences/new?filter=${DISK_FULL_FILTER}`,
            title: 'Silence in Alertmanager',
            kind: 'silence',
          },
        ],
        externalRefs: [
          {
            system: 'alertmanager',
            instanceId: 'am-prod',
            id: '2dd9c106fe9d08c4',
            url: `http://127.0.0.1:9093/#/alerts?filter=${DISK_FULL_FILTER}`,
          },
        ],
      },
    });
  });

  it('maps the DiskFull resolved notification to a resolved event of the same episode', async () => {
    const instance = bindAlertmanager();
    const [firing] = await deliver(instance, 'disk-full-firing');
    const [resolved, ...rest] = await deliver(instance, 'disk-full-resolved');
    expect(rest).toEqual([]);
    expect(resolved).toMatchObject({
      type: RESOLVED,
      subject: '2dd9c106fe9d08c4',
      time: '2026-11-22T04:54:28.000Z',
      correlationid: firing!.correlationid,
    });
    expect(resolved!.id).not.toBe(firing!.id);
    expect(resolved!.data).toEqual({
      ...firing!.data,
      status: 'resolved',
      endsAt: '2026-11-22T04:54:28.000Z',
    });
  });

  it('maps an alert without annotations or severity: default severity, title from alertname and instance', async () => {
    const [event] = await deliver(bindAlertmanager(), 'instance-down-no-annotations-firing');
    const filter =
      '%7Balertname%3D%22InstanceDown%22%2Cinstance%3D%22cache01%3A9100%22%2Cjob%3D%22node%22%7D';
    expect(event!.type).toBe(TRIGGERED);
    expect(event!.data).toEqual({
      dedupKey: '7841077f040e4956',
      episodeId: '7841077f040e4956@2026-12-01T13:52:16.000Z',
      status: 'triggered',
      severity: 'medium',
      title: 'InstanceDown on cache01:9100',
      description:
        '**Labels**\n\n- `alertname`: `InstanceDown`\n- `instance`: `cache01:9100`\n- `job`: `node`',
      source: 'alertmanager:InstanceDown',
      resource: { host: 'cache01', service: 'node' },
      labels: { alertname: 'InstanceDown', instance: 'cache01:9100', job: 'node' },
      startsAt: '2026-12-01T13:52:16.000Z',
      links: [
        {
          href: `http://127.0.0.1:42189/#/alerts?filter=${filter}`,
          title: 'Alert in Alertmanager',
          kind: 'alertmanager',
        },
        {
          href: `http://127.0.0.1:42189/#/silences/new?filter=${filter}`,
          title: 'Silence in Alertmanager',
          kind: 'silence',
        },
      ],
      externalRefs: [
        {
          system: 'alertmanager',
          instanceId: 'am-prod',
          id: '7841077f040e4956',
          url: `http://127.0.0.1:42189/#/alerts?filter=${filter}`,
        },
      ],
    });
  });

  it('maps a group notification to one event per alert, in order, with description markdown and labels', async () => {
    const events = await deliver(bindAlertmanager(), 'filesystem-group-firing');
    expect(
      events.map((e) => [e.type, e.subject, e.data.severity, e.data.nativeSeverity, e.data.resource]),
    ).toEqual([
      [TRIGGERED, '1aeb4f3f2e6f429f', 'critical', 'critical', { host: 'web01', service: 'nginx' }],
      [TRIGGERED, '09c3a91d679c6f83', 'medium', 'warning', { host: 'web02', service: 'nginx' }],
      [TRIGGERED, 'b6bda7efd150d3a7', 'critical', 'page', { host: 'web03', service: 'nginx' }],
    ]);
    expect(events[0]!.data).toMatchObject({
      title: 'Filesystem /var on web01 is almost full',
      description: [
        'Filesystem `/var` on **web01** has less than 5% space left.',
        '',
        'Free space or grow the volume.',
        '',
        '**Labels**',
        '',
        '- `alertname`: `FilesystemAlmostFull`',
        '- `instance`: `web01:9100`',
        '- `job`: `node`',
        '- `mountpoint`: `/var`',
        '- `service`: `nginx`',
        '- `severity`: `critical`',
      ].join('\n'),
      startsAt: '2026-12-01T13:52:10.967Z',
      episodeId: '1aeb4f3f2e6f429f@2026-12-01T13:52:10.967Z',
    });
    expect(events[0]!.data.links!.slice(0, 2)).toEqual([
      {
        href: 'http://prometheus.example.com:9090/graph?g0.expr=node_filesystem_avail_bytes&g0.tab=1',
        title: 'Source expression',
        kind: 'graph',
      },
      { href: 'https://runbooks.example.com/filesystem-almost-full', title: 'Runbook', kind: 'runbook' },
    ]);
  });

  it('resolves one alert of a group and repeats the still-firing ones with the ids they already had', async () => {
    const instance = bindAlertmanager();
    const firing = await deliver(instance, 'filesystem-group-firing');
    const partly = await deliver(instance, 'filesystem-group-one-resolved');
    expect(partly.map((e) => [e.type, e.subject])).toEqual([
      [TRIGGERED, '1aeb4f3f2e6f429f'],
      [RESOLVED, '09c3a91d679c6f83'],
      [TRIGGERED, 'b6bda7efd150d3a7'],
    ]);
    expect(partly[0]!.id).toBe(firing[0]!.id);
    expect(partly[2]!.id).toBe(firing[2]!.id);
    expect(partly[1]!.data).toMatchObject({ status: 'resolved', endsAt: '2026-12-01T13:52:11.978Z' });
    expect(partly[1]!.correlationid).toBe(firing[1]!.correlationid);
  });

  it('starts a new episode when Alertmanager fires the alert again after the resolve (new startsAt)', async () => {
    const instance = bindAlertmanager();
    const firing = await deliver(instance, 'filesystem-group-firing');
    const partly = await deliver(instance, 'filesystem-group-one-resolved');
    const refired = await deliver(instance, 'filesystem-group-one-refired');
    const web02 = refired[1]!;
    expect(web02).toMatchObject({ type: TRIGGERED, subject: '09c3a91d679c6f83' });
    expect(web02.data).toMatchObject({
      status: 'triggered',
      episodeId: '09c3a91d679c6f83@2026-12-01T13:52:13.990Z',
      startsAt: '2026-12-01T13:52:13.990Z',
    });
    expect(web02.data.episodeId).not.toBe(partly[1]!.data.episodeId);
    expect(web02.correlationid).toBe(web02.data.episodeId);
    expect(web02.id).not.toBe(firing[1]!.id);
    // The others are still in their first episode, unchanged: the same events, stored once.
    expect([refired[0]!.id, refired[2]!.id]).toEqual([firing[0]!.id, firing[2]!.id]);
  });

  it('gives a retried delivery (or a reminder) the same events, ids included, and keeps no state', async () => {
    const state = new MemoryStateStore();
    const instance = bindAlertmanager({ state });
    const first = await deliver(instance, 'filesystem-group-firing');
    const retried = await deliver(instance, 'filesystem-group-firing');
    expect(retried).toEqual(first);
    expect(state.keys()).toEqual([]);
  });

  it('gives the same ids whichever receipt time or hub replica (state) handled it', async () => {
    const one = await deliver(bindAlertmanager(), 'disk-full-firing');
    const other = bindAlertmanager({ state: new MemoryStateStore() });
    const outcome = await processWebhook(
      other,
      webhookRequest(fixtureBytes('webhooks/disk-full-firing.json'), {
        receivedAt: new Date('2027-01-01T00:00:00Z'),
      }),
    );
    expect(outcome.ok && outcome.events[0]!.id).toBe(one[0]!.id);
    // Another instance is another source: other ids.
    const elsewhere = await deliver(bindAlertmanager({ instanceId: 'am-dr' }), 'disk-full-firing');
    expect(elsewhere[0]!.id).not.toBe(one[0]!.id);
  });

  it('applies the instance severity label, map and default', async () => {
    const instance = bindAlertmanager({
      config: { severityMap: { CRITICAL: 'high', warning: 'low' }, defaultSeverity: 'info' },
    });
    const events = await deliver(instance, 'filesystem-group-firing');
    expect(events.map((e) => [e.data.severity, e.data.nativeSeverity])).toEqual([
      ['high', 'critical'],
      ['low', 'warning'],
      ['critical', 'page'],
    ]);
    const byJob = bindAlertmanager({ config: { severityLabel: 'job', defaultSeverity: 'low' } });
    expect((await deliver(byJob, 'disk-full-firing'))[0]!.data).toMatchObject({
      severity: 'low',
      nativeSeverity: 'node',
    });
  });

  it('takes the resource from the configured labels, and links to externalUrl when set', async () => {
    const instance = bindAlertmanager({
      config: {
        hostLabels: ['nodename', 'instance'],
        serviceLabels: ['job'],
        hostWithoutPort: false,
        externalUrl: 'https://alerts.example.com/am/',
      },
    });
    const [event] = await deliver(instance, 'disk-full-firing');
    expect(event!.data.resource).toEqual({ host: 'db01:9100', service: 'node' });
    expect(event!.data.externalRefs![0]!.url).toBe(
      `https://alerts.example.com/am/#/alerts?filter=${DISK_FULL_FILTER}`,
    );
  });
});

describe('Alertmanager webhook authentication', () => {
  const body = fixtureBytes('webhooks/disk-full-firing.json');

  it('accepts the basic credentials of the receiver http_config, or the bearer token', async () => {
    const instance = bindAlertmanager();
    expect((await processWebhook(instance, webhookRequest(body))).ok).toBe(true);
    const bearer = webhookRequest(body, { authorization: `Bearer ${WEBHOOK_SECRETS.webhookToken}` });
    expect((await processWebhook(instance, bearer)).ok).toBe(true);
  });

  it('refuses a wrong password, a missing Authorization, and any webhook when no credential is set', async () => {
    const instance = bindAlertmanager();
    const wrong = webhookRequest(body, { authorization: basicAuthorization('alertmanager', 'guess') });
    expect(await processWebhook(instance, wrong)).toMatchObject({ ok: false, status: 403 });
    expect(await processWebhook(instance, webhookRequest(body, { authorization: null }))).toMatchObject({
      ok: false,
      status: 401,
    });
    const unprotected = bindAlertmanager({ secrets: {} });
    expect(await processWebhook(unprotected, webhookRequest(body))).toMatchObject({
      ok: false,
      status: 401,
      reason: 'not_configured',
    });
  });
});
