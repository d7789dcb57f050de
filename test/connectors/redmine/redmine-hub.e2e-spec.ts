/**
 * The whole path with real parts: a Redmine instance configured through the admin API, a
 * `ticket.create` command on real JetStream run by the hub's runtime against a real Redmine and
 * answered `hub.command.succeeded` with the ticket's ref, and the hub's poller publishing the
 * events of changes made in Redmine directly by another user. Redmine sends no webhooks: the
 * poll is the only way in.
 */
import { generateApiKey } from '@switchboard/auth';
import { JetStreamBus, commandSubject, type EventBus } from '@switchboard/bus';
import {
  COMMAND_FAILED_TYPE,
  COMMAND_SUCCEEDED_TYPE,
  createCommand,
  type CommandResultData,
} from '@switchboard/connector-sdk';
import type { CloudEvent, CommentData, TicketUpdatedData } from '@switchboard/events';
import { bootstrapHttpApp, type RunningHttpApp } from '@switchboard/platform';
import request from 'supertest';
import { HubModule } from '../../../apps/hub/src/hub.module';
import { hubEnv, tempDataDir } from '../../platform/platform-test-env';
import { waitFor } from '../../support/bus-fixtures';
import { startNatsTestServer, type NatsTestServer } from '../../support/nats-test-server';
import {
  REDMINE_TEST_SEED,
  startRedmineTestServer,
  type RedmineTestServer,
} from '../../support/redmine-test-server';

/** The connector's smallest poll interval: the events of a change arrive within about this. */
const POLL_INTERVAL_MS = 5_000;

describe('Redmine ⇄ hub ⇄ JetStream, end to end', () => {
  const data = tempDataDir('redmine-hub');
  const admin = generateApiKey().key;
  const auth = { Authorization: `Bearer ${admin}` };
  let nats: NatsTestServer;
  let hub: RunningHttpApp;
  let redmine: RedmineTestServer;
  let observer: EventBus;
  let publisher: EventBus;
  let instanceId: string;
  const seen: CloudEvent[] = [];
  const http = () => request(hub.app.getHttpServer());

  /** Sends a command on the bus and waits for its answer. */
  const command = async (action: string, input: object, idempotencyKey: string) => {
    const sent = createCommand({
      tenantId: 'default',
      instanceId,
      action,
      input,
      idempotencyKey,
      source: '/hub/orchestrator',
    });
    await publisher.publish(sent, { subject: commandSubject('default', instanceId, action) });
    const answered = (e: CloudEvent) =>
      (e.type === COMMAND_SUCCEEDED_TYPE || e.type === COMMAND_FAILED_TYPE) && e.causationid === sent.id;
    await waitFor(() => seen.some(answered), 60_000);
    return seen.find(answered) as CloudEvent<CommandResultData>;
  };

  beforeAll(async () => {
    // One after the other: if the second cannot start, afterAll still stops the first.
    nats = await startNatsTestServer();
    redmine = await startRedmineTestServer();
    hub = await bootstrapHttpApp(HubModule, {
      name: 'hub',
      env: hubEnv(data.dir, { NATS_URL: nats.url, SWITCHBOARD_BUS: 'nats', SWITCHBOARD_ADMIN_KEY: admin }),
    });
    observer = await JetStreamBus.connect({ servers: nats.url });
    publisher = await JetStreamBus.connect({ servers: nats.url });
    await observer.subscribe({ durable: 'redmine-hub-observer', filterSubject: 'evt.default.>' }, (event) => {
      seen.push(event);
    });
    const created = await http()
      .post('/api/v1/instances')
      .set(auth)
      .send({
        connectorType: 'redmine',
        name: 'redmine-itsm',
        config: {
          baseUrl: redmine.url,
          project: redmine.projectIdentifier,
          markerFieldId: redmine.externalIdFieldId,
          pollIntervalMs: POLL_INTERVAL_MS,
        },
        secrets: { apiKey: redmine.hubApiKey },
      })
      .expect(201);
    instanceId = created.body.id;
    await waitFor(
      async () => (await http().post(`/api/v1/instances/${instanceId}/test`).set(auth)).body.ok === true,
      30_000,
    );
  }, 300_000);

  afterAll(async () => {
    await publisher?.close();
    await observer?.close();
    await hub?.close();
    await Promise.all([nats?.stop(), redmine?.stop()]);
    data.remove();
  });

  it('lists the connector type with the canonical ticketing commands and the API key write-only', async () => {
    const type = await http().get('/api/v1/connector-types/redmine').set(auth).expect(200);
    expect(type.body.commands.map((c: { action: string }) => c.action)).toEqual([
      'comment.add',
      'ticket.create',
      'ticket.get',
      'ticket.search',
      'ticket.update',
    ]);
    expect(type.body.configSchema.properties.apiKey).toMatchObject({ writeOnly: true });
  });

  it('creates a ticket from a command on the bus, once per idempotency key, and answers its ref', async () => {
    const input = {
      title: 'Disk / on db09 is 97% full',
      description: 'Grow the **volume**.',
      priority: 'high',
    };
    const first = await command('ticket.create', input, 'run-1/open-ticket');
    expect(first.type).toBe(COMMAND_SUCCEEDED_TYPE);
    expect(first.data).toMatchObject({
      action: 'ticket.create',
      connectorType: 'redmine',
      output: {
        created: true,
        ticket: { system: 'redmine', instanceId, url: expect.stringMatching(/\/issues\/\d+$/) },
      },
    });
    const ticketId = (first.data.output!.ticket as { id: string }).id;
    const issue = await redmine.api<{
      issue: { subject: string; description: string; priority: { name: string } };
    }>('GET', `/issues/${ticketId}.json`);
    expect(issue.body!.issue).toMatchObject({
      subject: input.title,
      description: 'Grow the *volume*.',
      priority: { name: 'High' },
    });

    const again = await command('ticket.create', input, 'run-1/open-ticket');
    expect(again.data).toMatchObject({ replayed: true, output: first.data.output });

    // The poll reports the ticket too, as the hub's own write.
    await waitFor(
      () => seen.some((e) => e.type.endsWith('ticket.created.v1') && e.subject === ticketId),
      60_000,
    );
    const created = seen.find((e) => e.type.endsWith('ticket.created.v1') && e.subject === ticketId)!;
    expect(created).toMatchObject({
      source: `/connectors/redmine/${instanceId}`,
      originchangeid: `issue:${ticketId}`,
      data: { title: input.title, status: 'new', priority: 'high', description: input.description },
    });
  });

  it('publishes what another user changes in Redmine directly: the delta with old values, and the note', async () => {
    const opened = await command(
      'ticket.create',
      { title: 'VPN down for the Berlin office' },
      'run-2/open-ticket',
    );
    const ticketId = (opened.data.output!.ticket as { id: string }).id;
    const change = await redmine.api(
      'PUT',
      `/issues/${ticketId}.json`,
      {
        issue: {
          status_id: REDMINE_TEST_SEED.statuses.inProgress,
          priority_id: REDMINE_TEST_SEED.priorities.immediate,
          notes: 'Looking into it — the tunnel flaps.',
        },
      },
      redmine.adminApiKey,
    );
    expect(change.status).toBe(204);

    const mine = (type: string) => (e: CloudEvent) => e.type === type && e.subject === ticketId;
    await waitFor(() => seen.some(mine('io.switchboard.itsm.comment.added.v1')), 60_000);
    const updated = seen.find(mine('io.switchboard.itsm.ticket.updated.v1')) as CloudEvent<TicketUpdatedData>;
    expect(updated.originchangeid).toBeUndefined();
    expect(updated.data.changes).toEqual([
      { path: 'status', old: 'new', new: 'in_progress' },
      { path: 'nativeStatus', old: 'New', new: 'In Progress' },
      { path: 'priority', old: 'medium', new: 'critical' },
      { path: 'nativePriority', old: 'Normal', new: 'Immediate' },
    ]);
    const comment = seen.find(mine('io.switchboard.itsm.comment.added.v1')) as CloudEvent<CommentData>;
    expect(comment.data).toMatchObject({
      visibility: 'public',
      author: { displayName: 'Redmine Admin' },
      body: 'Looking into it — the tunnel flaps.',
    });

    const health = await http().get(`/api/v1/instances/${instanceId}/health`).set(auth).expect(200);
    expect(health.body.status).toBe('ok');
  });

  it('answers failed with not_found for a ticket Redmine does not have, with Redmine’s words', async () => {
    const failed = await command(
      'ticket.update',
      { ticketId: '424242', changes: { status: 'resolved' } },
      'run-3/resolve',
    );
    expect(failed.type).toBe(COMMAND_FAILED_TYPE);
    expect(failed.data.error).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('GET /issues/424242.json failed with 404'),
    });
  });
});
