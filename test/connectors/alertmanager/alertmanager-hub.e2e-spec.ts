/**
 * The whole path with real parts: a real Prometheus Alertmanager delivers its webhooks to the
 * hub's ingress (`POST /hooks/:id`), the runtime turns them into canonical Alert events on real
 * JetStream; a `silence.create` command sent on the bus is run by the runtime against the same
 * Alertmanager, idempotently. The instance is configured through the admin API, as an admin would.
 */
import { generateApiKey } from '@switchboard/auth';
import { JetStreamBus, commandSubject, type EventBus } from '@switchboard/bus';
import { COMMAND_SUCCEEDED_TYPE, createCommand } from '@switchboard/connector-sdk';
import type { AlertData, CloudEvent } from '@switchboard/events';
import { bootstrapHttpApp, type RunningHttpApp } from '@switchboard/platform';
import request from 'supertest';
import { HubModule } from '../../../apps/hub/src/hub.module';
import { hubEnv, tempDataDir } from '../../platform/platform-test-env';
import {
  startAlertmanagerTestServer,
  type AlertmanagerTestServer,
} from '../../support/alertmanager-test-server';
import { waitFor } from '../../support/bus-fixtures';
import { startNatsTestServer, type NatsTestServer } from '../../support/nats-test-server';

const WEBHOOK_TOKEN = 'am-hub-token-7c21d9e4';

describe('Alertmanager → hub → JetStream, and a silence back, end to end', () => {
  const data = tempDataDir('am-hub');
  const admin = generateApiKey().key;
  const auth = { Authorization: `Bearer ${admin}` };
  let nats: NatsTestServer;
  let hub: RunningHttpApp;
  let alertmanager: AlertmanagerTestServer;
  let observer: EventBus;
  let instanceId: string;
  const seen: CloudEvent[] = [];
  const http = () => request(hub.app.getHttpServer());

  beforeAll(async () => {
    nats = await startNatsTestServer();
    hub = await bootstrapHttpApp(HubModule, {
      name: 'hub',
      env: hubEnv(data.dir, { NATS_URL: nats.url, SWITCHBOARD_BUS: 'nats', SWITCHBOARD_ADMIN_KEY: admin }),
    });
    observer = await JetStreamBus.connect({ servers: nats.url });
    await observer.subscribe({ durable: 'am-hub-observer', filterSubject: 'evt.default.>' }, (event) => {
      seen.push(event);
    });
    // The instance first (Alertmanager must know its webhook URL), then Alertmanager, then the
    // instance pointed at Alertmanager's API: the runtime reloads it without a restart.
    const created = await http()
      .post('/api/v1/instances')
      .set(auth)
      .send({
        connectorType: 'alertmanager',
        name: 'am-prod',
        config: { baseUrl: 'http://127.0.0.1:9' },
        secrets: { webhookToken: WEBHOOK_TOKEN },
      })
      .expect(201);
    instanceId = created.body.id;
    alertmanager = await startAlertmanagerTestServer({
      webhookUrl: `${hub.url}/hooks/${instanceId}`,
      auth: { type: 'bearer', token: WEBHOOK_TOKEN },
    });
    await http()
      .patch(`/api/v1/instances/${instanceId}`)
      .set({ ...auth, 'If-Match': 'W/"1"' })
      .send({ config: { baseUrl: alertmanager.url } })
      .expect(200);
    await waitFor(
      async () => (await http().post(`/api/v1/instances/${instanceId}/test`).set(auth)).body.ok === true,
      15_000,
    );
  }, 120_000);

  afterAll(async () => {
    await alertmanager?.stop();
    await observer?.close();
    await hub?.close();
    await nats?.stop();
    data.remove();
  });

  it('tests the connection through the runtime: Alertmanager answers with its version', async () => {
    const res = await http().post(`/api/v1/instances/${instanceId}/test`).set(auth).expect(200);
    expect(res.body).toMatchObject({
      ok: true,
      status: 'ok',
      remote: { version: expect.stringMatching(/^0\./) },
    });
  });

  it('turns an alert injected into Alertmanager into a triggered event, then its resolve into a resolved one', async () => {
    const alert = {
      labels: {
        alertname: 'HubDiskFull',
        instance: 'db07:9100',
        job: 'node',
        severity: 'critical',
        service: 'postgres',
      },
      annotations: {
        summary: 'Disk / on db07 is 98% full',
        runbook_url: 'https://runbooks.example.com/disk',
      },
    };
    const mine = (type: string) => (event: CloudEvent) =>
      event.type === type && (event.data as AlertData).labels?.alertname === 'HubDiskFull';
    await alertmanager.postAlerts([alert]);
    await waitFor(() => seen.some(mine('io.switchboard.ops.alert.triggered.v1')), 30_000);
    const triggered = seen.find(mine('io.switchboard.ops.alert.triggered.v1')) as CloudEvent<AlertData>;
    expect(triggered).toMatchObject({
      source: `/connectors/alertmanager/${instanceId}`,
      tenantid: 'default',
      data: {
        status: 'triggered',
        severity: 'critical',
        title: 'Disk / on db07 is 98% full',
        resource: { host: 'db07', service: 'postgres' },
      },
    });

    await alertmanager.resolveAlerts([alert]);
    await waitFor(() => seen.some(mine('io.switchboard.ops.alert.resolved.v1')), 30_000);
    const resolved = seen.find(mine('io.switchboard.ops.alert.resolved.v1')) as CloudEvent<AlertData>;
    expect(resolved.data).toMatchObject({ status: 'resolved', episodeId: triggered.data.episodeId });
    expect(resolved.correlationid).toBe(triggered.correlationid);

    const health = await http().get(`/api/v1/instances/${instanceId}/health`).set(auth).expect(200);
    expect(health.body.status).toBe('ok');
  });

  it('creates a silence in Alertmanager from a command on the bus, once per idempotency key', async () => {
    const publisher = await JetStreamBus.connect({ servers: nats.url });
    try {
      const send = async () => {
        const command = createCommand({
          tenantId: 'default',
          instanceId,
          action: 'silence.create',
          input: {
            matchers: [{ name: 'alertname', value: 'HubMaintenance' }],
            duration: '2h',
            comment: 'Planned maintenance',
          },
          idempotencyKey: 'run-42/silence',
          source: '/hub/orchestrator',
        });
        await publisher.publish(command, {
          subject: commandSubject('default', instanceId, 'silence.create'),
        });
        await waitFor(
          () => seen.some((e) => e.type === COMMAND_SUCCEEDED_TYPE && e.causationid === command.id),
          30_000,
        );
        return seen.find((e) => e.causationid === command.id)!.data as {
          output: { silenceId: string };
          replayed?: boolean;
        };
      };
      const first = await send();
      const silences = await alertmanager.listSilences();
      const created = silences.find((silence) => silence.id === first.output.silenceId);
      expect(created).toMatchObject({
        matchers: [expect.objectContaining({ name: 'alertname', value: 'HubMaintenance' })],
        status: { state: 'active' },
      });
      expect(created!.comment).toMatch(/^Planned maintenance/);

      const again = await send();
      expect(again).toMatchObject({ replayed: true, output: { silenceId: first.output.silenceId } });
      const maintenance = (await alertmanager.listSilences()).filter((silence) =>
        silence.matchers.some((matcher) => matcher.value === 'HubMaintenance'),
      );
      expect(maintenance).toHaveLength(1);
    } finally {
      await publisher.close();
    }
  });
});
