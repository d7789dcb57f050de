/**
 * The Jira connector in the running hub: Jira's signed webhooks through the hub's ingress
 * (`POST /hooks/:id`) onto real JetStream as canonical ticket events, and ticketing commands from
 * the bus run by the runtime against a Jira (the connector's fake, every request checked against
 * Atlassian's OpenAPI spec). The instance is configured through the admin API, as an admin would.
 */
import { generateApiKey } from '@switchboard/auth';
import { JetStreamBus, commandSubject, type EventBus } from '@switchboard/bus';
import { COMMAND_FAILED_TYPE, COMMAND_SUCCEEDED_TYPE, createCommand } from '@switchboard/connector-sdk';
import type { CloudEvent, TicketUpdatedData } from '@switchboard/events';
import { bootstrapHttpApp, type RunningHttpApp } from '@switchboard/platform';
import request from 'supertest';
import { HubModule } from '../../../apps/hub/src/hub.module';
import type { FakeJira } from '../../../connectors/jira/testing/fake-jira';
import {
  fixtureBytes,
  hubSignature,
  JIRA_CREDENTIALS,
  startTestJira,
} from '../../../connectors/jira/testing/jira-testing';
import { hubEnv, tempDataDir } from '../../platform/platform-test-env';
import { waitFor } from '../../support/bus-fixtures';
import { startNatsTestServer, type NatsTestServer } from '../../support/nats-test-server';

describe('Jira → hub → JetStream, and commands back to Jira, end to end', () => {
  const data = tempDataDir('jira-hub');
  const admin = generateApiKey().key;
  const auth = { Authorization: `Bearer ${admin}` };
  let nats: NatsTestServer;
  let hub: RunningHttpApp;
  let jira: FakeJira;
  let observer: EventBus;
  let instanceId: string;
  const seen: CloudEvent[] = [];
  const http = () => request(hub.app.getHttpServer());

  beforeAll(async () => {
    nats = await startNatsTestServer();
    jira = await startTestJira();
    hub = await bootstrapHttpApp(HubModule, {
      name: 'hub',
      env: hubEnv(data.dir, { NATS_URL: nats.url, SWITCHBOARD_BUS: 'nats', SWITCHBOARD_ADMIN_KEY: admin }),
    });
    observer = await JetStreamBus.connect({ servers: nats.url });
    await observer.subscribe({ durable: 'jira-hub-observer', filterSubject: 'evt.default.>' }, (event) => {
      seen.push(event);
    });
    const created = await http()
      .post('/api/v1/instances')
      .set(auth)
      .send({
        connectorType: 'jira',
        name: 'jira-prod',
        config: { baseUrl: jira.url, email: JIRA_CREDENTIALS.email, projectKey: 'OPS' },
        secrets: { apiToken: JIRA_CREDENTIALS.apiToken, webhookSecret: JIRA_CREDENTIALS.webhookSecret },
      })
      .expect(201);
    instanceId = created.body.id;
    await waitFor(
      async () => (await http().post(`/api/v1/instances/${instanceId}/test`).set(auth)).body.ok === true,
      15_000,
    );
  }, 120_000);

  afterAll(async () => {
    await observer?.close();
    await hub?.close();
    await nats?.stop();
    await jira?.close();
    data.remove();
    expect(jira.violations).toEqual([]);
  });

  const deliver = (fixture: string, signature?: string) => {
    const body = fixtureBytes(`webhooks/${fixture}.json`);
    return http()
      .post(`/hooks/${instanceId}`)
      .set('content-type', 'application/json')
      .set('x-hub-signature', signature ?? hubSignature(body))
      .send(body.toString('utf8'));
  };

  it('publishes the changelog of a signed delivery as ticket.updated, and refuses a forged one', async () => {
    await deliver('issue-updated-status-assignee').expect(202);
    const mine = (event: CloudEvent) =>
      event.type === 'io.switchboard.itsm.ticket.updated.v1' && event.subject === 'OPS-17';
    await waitFor(() => seen.some(mine), 30_000);
    const updated = seen.find(mine) as CloudEvent<TicketUpdatedData>;
    expect(updated).toMatchObject({ source: `/connectors/jira/${instanceId}`, tenantid: 'default' });
    expect(updated.data.changes).toContainEqual({ path: 'status', old: 'new', new: 'in_progress' });

    await deliver('issue-updated-status-assignee', hubSignature(Buffer.from('forged'))).expect(403);
    // Jira's retried delivery is the same event, stored once: by the time a later change of the
    // same issue (same ordering key) arrives, no second copy came before it.
    await deliver('issue-updated-status-assignee').expect(202);
    await deliver('issue-updated-by-switchboard').expect(202);
    await waitFor(() => seen.some((event) => mine(event) && event.originchangeid === 'sync-7c1d4e'), 30_000);
    expect(seen.filter(mine)).toHaveLength(2);
    expect(seen.filter(mine).map((event) => event.originchangeid)).toEqual([undefined, 'sync-7c1d4e']);
  });

  it('runs ticket.create from the bus once per idempotency key, then moves it through the workflow', async () => {
    const publisher = await JetStreamBus.connect({ servers: nats.url });
    try {
      const send = async (action: string, input: object, idempotencyKey: string) => {
        const command = createCommand({
          tenantId: 'default',
          instanceId,
          action,
          input,
          idempotencyKey,
          source: '/hub/orchestrator',
        });
        await publisher.publish(command, { subject: commandSubject('default', instanceId, action) });
        await waitFor(
          () =>
            seen.some(
              (e) =>
                (e.type === COMMAND_SUCCEEDED_TYPE || e.type === COMMAND_FAILED_TYPE) &&
                e.causationid === command.id,
            ),
          30_000,
        );
        return seen.find((e) => e.causationid === command.id)!;
      };
      const first = await send(
        'ticket.create',
        { title: 'Disk full on db07', priority: 'high' },
        'run-7/create',
      );
      expect(first).toMatchObject({
        type: COMMAND_SUCCEEDED_TYPE,
        data: { output: { ticket: { system: 'jira' }, created: true } },
      });
      const key = (first.data as { output: { ticket: { id: string } } }).output.ticket.id;
      const again = await send(
        'ticket.create',
        { title: 'Disk full on db07', priority: 'high' },
        'run-7/create',
      );
      expect(again.data).toMatchObject({ replayed: true });
      expect(
        [...jira.issues.values()].filter((issue) => issue.fields.summary === 'Disk full on db07'),
      ).toHaveLength(1);

      const resolved = await send(
        'ticket.update',
        { ticketId: key, changes: { status: 'resolved', resolution: 'Cleaned up' } },
        'run-7/resolve',
      );
      expect(resolved.data).toMatchObject({ output: { changed: ['status', 'resolution'] } });
      expect(jira.issues.get(key)!.transitions).toEqual(['Start progress', 'Request review', 'Approve']);

      const refused = await send(
        'comment.add',
        { ticketId: key, body: 'internal note', visibility: 'internal' },
        'run-7/note',
      );
      expect(refused).toMatchObject({ type: COMMAND_FAILED_TYPE, data: { error: { code: 'validation' } } });
    } finally {
      await publisher.close();
    }
  });
});
