/**
 * The hub's main job, with real parts all the way: a real Prometheus Alertmanager delivers its
 * webhooks to the connector runtime, the canonical alert events go over real JetStream to the
 * orchestrator (its own process), the built-in alert-to-ticket flow (created through the admin API)
 * sends commands back to the runtime, and the Redmine connector writes to a real Redmine: one issue
 * per alert episode, a comment on a re-fire, the resolved status on resolve. Then the orchestrator is
 * SIGKILLed in the middle of a burst of alerts and restarted: nothing is lost, no issue is doubled.
 * Several processes share one database, so this runs on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { generateApiKey } from '@switchboard/auth';
import { JetStreamBus, type EventBus } from '@switchboard/bus';
import { createEvent, EventType } from '@switchboard/events';
import { bootstrapHttpApp, type RunningHttpApp } from '@switchboard/platform';
import request from 'supertest';
import { hubEnv, tempDataDir } from '../platform/platform-test-env';
import {
  startAlertmanagerTestServer,
  type AlertmanagerTestServer,
} from '../support/alertmanager-test-server';
import { waitFor } from '../support/bus-fixtures';
import { databaseTargetsFor } from '../support/database-targets';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';
import { startRedmineTestServer, type RedmineTestServer } from '../support/redmine-test-server';
import { startOrchestrator, type OrchestratorProcess } from './support/orchestrator-process';
import { RuntimeAdminModule } from './support/runtime-admin.module';

const WEBHOOK_TOKEN = 'am-to-redmine-7f3a91';
const postgres = databaseTargetsFor('alert to ticket').find((target) => target.dialect === 'postgres');

interface RedmineIssue {
  id: number;
  subject: string;
  description: string;
  status: { name: string };
  priority: { name: string };
  journals?: { notes: string; private_notes: boolean }[];
}

(postgres ? describe : describe.skip)('alert → incident → Redmine ticket, end to end (PostgreSQL)', () => {
  const data = tempDataDir('alert-to-ticket');
  const admin = generateApiKey().key;
  const auth = { Authorization: `Bearer ${admin}` };
  const masterKey = randomBytes(32).toString('base64');
  let env: Record<string, string>;
  let nats: NatsTestServer;
  let redmine: RedmineTestServer;
  let alertmanager: AlertmanagerTestServer;
  let app: RunningHttpApp;
  let orchestrator: OrchestratorProcess;
  let publisher: EventBus;
  const http = () => request(app.app.getHttpServer());

  const issues = async (): Promise<RedmineIssue[]> => {
    const res = await redmine.api<{ issues: RedmineIssue[] }>(
      'GET',
      `/issues.json?project_id=${redmine.projectIdentifier}&status_id=*&limit=100&sort=id`,
    );
    return res.body!.issues;
  };
  const issue = async (id: number): Promise<RedmineIssue> =>
    (await redmine.api<{ issue: RedmineIssue }>('GET', `/issues/${id}.json?include=journals`)).body!.issue;
  const incidentOf = async (dedupKey: string) =>
    (await http().get(`/api/v1/incidents?dedupKey=${dedupKey}`).set(auth).expect(200)).body.items as {
      id: string;
      status: string;
      ticket: { id: string } | null;
    }[];

  beforeAll(async () => {
    // One after the other: if the second cannot start, afterAll still stops the first.
    nats = await startNatsTestServer();
    redmine = await startRedmineTestServer();
    const database = await postgres!.fresh();
    env = hubEnv(data.dir, {
      NATS_URL: nats.url,
      SWITCHBOARD_BUS: 'nats',
      DATABASE_URL: database.databaseUrl!,
      SWITCHBOARD_MASTER_KEY: masterKey,
      SWITCHBOARD_ADMIN_KEY: admin,
    });
    app = await bootstrapHttpApp(RuntimeAdminModule, { name: 'runtime-admin', env });
    publisher = await JetStreamBus.connect({ servers: nats.url });

    const redmineInstance = await http()
      .post('/api/v1/instances')
      .set(auth)
      .send({
        connectorType: 'redmine',
        name: 'redmine',
        config: {
          baseUrl: redmine.url,
          project: redmine.projectIdentifier,
          markerFieldId: redmine.externalIdFieldId,
        },
        secrets: { apiKey: redmine.hubApiKey },
      })
      .expect(201);
    const amInstance = await http()
      .post('/api/v1/instances')
      .set(auth)
      .send({
        connectorType: 'alertmanager',
        name: 'alertmanager',
        config: { baseUrl: 'http://127.0.0.1:9' },
        secrets: { webhookToken: WEBHOOK_TOKEN },
      })
      .expect(201);
    alertmanager = await startAlertmanagerTestServer({
      webhookUrl: `${app.url}/hooks/${amInstance.body.id}`,
      auth: { type: 'bearer', token: WEBHOOK_TOKEN },
    });
    await http()
      .patch(`/api/v1/instances/${amInstance.body.id}`)
      .set({ ...auth, 'If-Match': 'W/"1"' })
      .send({ config: { baseUrl: alertmanager.url } })
      .expect(200);
    const flow = await http()
      .post('/api/v1/flows/templates/alert-to-ticket')
      .set(auth)
      .send({ name: 'alerts-to-redmine', ticketInstance: 'redmine', resolvedStatus: 'resolved' });
    expect(flow.status).toBe(201);
    expect(redmineInstance.body.id).toBeDefined();
    orchestrator = await startOrchestrator(env);
  }, 300_000);

  afterAll(async () => {
    await orchestrator?.kill('SIGTERM');
    await alertmanager?.stop();
    await publisher?.close();
    await app?.close();
    await Promise.all([nats?.stop(), redmine?.stop()]);
    await postgres?.cleanup();
    data.remove();
  });

  it('opens one Redmine issue per episode, comments a re-fire, resolves it with the alert', async () => {
    const labels = {
      alertname: 'DiskFull',
      instance: 'db07:9100',
      job: 'node',
      severity: 'critical',
      service: 'postgres',
    };
    const before = (await issues()).length;
    await alertmanager.postAlerts([
      { labels, annotations: { summary: 'Disk / on db07 is 98% full', description: 'Grow the volume.' } },
    ]);
    await waitFor(async () => (await issues()).length === before + 1, 60_000);
    const created = (await issues()).at(-1)!;
    expect(created.subject).toContain('Disk / on db07 is 98% full');
    expect(created.priority.name).toBe('Immediate');
    expect(created.description).toContain('Grow the volume.');

    const [alertEvent] = await waitForIncident('DiskFull', labels);
    // A re-fire within the episode: another notification of the same alert state with its own id
    // (Alertmanager itself de-duplicates its reminders, so the event is published directly).
    await publisher.publish(
      createEvent({
        ...alertEvent,
        id: undefined,
        time: new Date().toISOString(),
      } as unknown as Parameters<typeof createEvent>[0]),
    );
    await waitFor(
      async () => ((await issue(created.id)).journals ?? []).some((j) => /again/i.test(j.notes)),
      60_000,
    );

    await alertmanager.resolveAlerts([{ labels }]);
    await waitFor(async () => (await issue(created.id)).status.name === 'Resolved', 60_000);
    expect((await issues()).length).toBe(before + 1); // never a second issue for the episode
  }, 240_000);

  it('loses nothing and doubles nothing when the orchestrator is SIGKILLed in the middle of a burst', async () => {
    const before = (await issues()).length;
    const burst = Array.from({ length: 20 }, (_, i) => ({
      labels: {
        alertname: 'BurstLatency',
        instance: `web${String(i).padStart(2, '0')}:9100`,
        job: 'nginx',
        severity: 'high',
      },
      annotations: { summary: `p99 latency high on web${String(i).padStart(2, '0')}` },
    }));
    await alertmanager.postAlerts(burst);
    // Kill it once it has started on the burst, then start a new one.
    await waitFor(async () => (await issues()).length > before, 60_000);
    await orchestrator.kill('SIGKILL');
    // Twenty Redmine writes take far longer than one poll: the kill lands with runs in flight.
    expect((await issues()).length - before).toBeLessThan(burst.length);
    orchestrator = await startOrchestrator(env);

    await waitFor(async () => (await issues()).length >= before + burst.length, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // anything doubled would show by now
    const subjects = (await issues()).slice(before).map((i) => i.subject);
    expect(subjects).toHaveLength(burst.length);
    expect(new Set(subjects).size).toBe(burst.length);
    for (const alert of burst) expect(subjects.some((s) => s.includes(alert.annotations.summary))).toBe(true);
    // Every run the burst started finished; none failed or was left hanging by the kill.
    await waitFor(
      async () => (await runsIn('running')).length + (await runsIn('queued')).length === 0,
      30_000,
    );
    expect(await runsIn('failed')).toEqual([]);
  }, 300_000);

  const runsIn = async (status: string) =>
    (await http().get(`/api/v1/runs?status=${status}`).set(auth).expect(200)).body.items as { id: string }[];

  it('dead-letters nothing: every event on the bus was one its consumers understood', async () => {
    const nc = await connect({ servers: nats.url });
    try {
      const info = await (await jetstreamManager(nc)).streams.info('DLQ', { subjects_filter: 'dlq.>' });
      expect(info.state.subjects ?? {}).toEqual({});
    } finally {
      await nc.close();
    }
  });

  /** The alert event the hub published for an alert, found through its incident's timeline. */
  async function waitForIncident(alertname: string, labels: Record<string, string>) {
    const seen: ReturnType<typeof createEvent>[] = [];
    const subscription = await publisher.subscribe(
      { durable: `alert-to-ticket-${alertname}-${Date.now()}`, filterSubject: 'evt.default.ops.alert.>' },
      (event) => {
        if ((event.data as { labels?: Record<string, string> }).labels?.instance === labels.instance)
          seen.push(event);
      },
    );
    try {
      await waitFor(() => seen.some((e) => e.type === EventType.AlertTriggered), 30_000);
      const dedupKey = (seen[0]!.data as { dedupKey: string }).dedupKey;
      await waitFor(async () => (await incidentOf(dedupKey)).some((i) => i.ticket !== null), 60_000);
      return seen.filter((e) => e.type === EventType.AlertTriggered);
    } finally {
      await subscription.stop();
    }
  }
});
