/**
 * The connector runtime inside the hub, end to end: real JetStream, real SQLite, the admin API to
 * configure instances, and a fake vendor on loopback. Webhook ingress, reload on change, commands
 * (idempotent, retried, dead-lettered), polling with checkpoints, "test connection" and health.
 */
import { generateApiKey } from '@switchboard/auth';
import { EVENT_BUS, JetStreamBus, commandSubject, type EventBus } from '@switchboard/bus';
import { connectorTypes } from '@switchboard/connector-registry';
import { COMMAND_SUCCEEDED_TYPE, COMMAND_FAILED_TYPE, createCommand } from '@switchboard/connector-sdk';
import type { CloudEvent } from '@switchboard/events';
import { PollCursor } from '@switchboard/persistence';
import { bootstrapHttpApp, type RunningHttpApp } from '@switchboard/platform';
import {
  DEFAULT_INSTANCE_CONCURRENCY,
  InstanceHost,
  PollScheduler,
  WEBHOOK_AUTH_FAILURE_LIMIT,
} from '@switchboard/runtime';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { HubModule } from '../../apps/hub/src/hub.module';
import { hubEnv, tempDataDir } from '../platform/platform-test-env';
import { waitFor } from '../support/bus-fixtures';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';
import { FakeTracker } from './support/fake-tracker.server';
import { trackerConnector } from './support/tracker.connector';

connectorTypes.register(trackerConnector);
/** The tracker without a rate-limit hint: only an instance's limits (or the defaults) bound it. */
const UNHINTED = 'test-tracker-unhinted';
connectorTypes.register({
  manifest: { ...trackerConnector.manifest, id: UNHINTED, rateLimit: undefined },
  hooks: trackerConnector.hooks,
});

const WEBHOOK_TOKEN = 'wh-token-5d1e-secret';

const targets: DatabaseTarget[] = databaseTargetsFor('connector runtime');
afterAll(async () => {
  for (const target of targets) await target.cleanup();
});

describe.each(targets)('connector runtime in the hub, on $dialect', (target) => {
  const data = tempDataDir('runtime');
  const admin = generateApiKey().key;
  let nats: NatsTestServer;
  let hub: RunningHttpApp;
  let vendor: FakeTracker;
  let observer: EventBus;
  let publisher: EventBus;
  const seen: CloudEvent[] = [];
  const http = () => request(hub.app.getHttpServer());
  const auth = { Authorization: `Bearer ${admin}` };

  const createInstance = async (name: string, secrets: Record<string, string> = {}, config = {}) => {
    const res = await http()
      .post('/api/v1/instances')
      .set(auth)
      .send({
        connectorType: 'test-tracker',
        name,
        config: { baseUrl: vendor.url, ...config },
        secrets: { apiToken: vendor.token, webhookToken: WEBHOOK_TOKEN, ...secrets },
      })
      .expect(201);
    return res.body as { id: string; version: number };
  };
  const hosted = async (id: string, version = 1) => {
    await waitFor(async () => {
      const res = await http().get(`/api/v1/instances/${id}`).set(auth);
      return res.status === 200 && res.body.version === version;
    });
  };
  /** Publishes a `note.create` command to an instance, as the orchestrator would. */
  const sendNote = async (instanceId: string, key: string, input: Record<string, unknown>) => {
    const command = createCommand({
      tenantId: 'default',
      instanceId,
      action: 'note.create',
      input,
      idempotencyKey: key,
      source: '/hub/orchestrator',
      runId: 'run-1',
    });
    await publisher.publish(command, { subject: commandSubject('default', instanceId, 'note.create') });
    return command;
  };
  /** The answers (succeeded or failed) to a command. */
  const results = (commandId: string) =>
    seen.filter(
      (e) =>
        (e.type === COMMAND_SUCCEEDED_TYPE || e.type === COMMAND_FAILED_TYPE) && e.causationid === commandId,
    );
  const deliver = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    http()
      .post(`/hooks/${id}`)
      .set({ 'Content-Type': 'application/json', Authorization: `Bearer ${WEBHOOK_TOKEN}`, ...headers })
      .send(JSON.stringify(body));

  beforeAll(async () => {
    nats = await startNatsTestServer();
    vendor = await new FakeTracker().start();
    const database = await target.fresh();
    hub = await bootstrapHttpApp(HubModule, {
      name: 'hub',
      env: hubEnv(data.dir, {
        NATS_URL: nats.url,
        SWITCHBOARD_BUS: 'nats',
        SWITCHBOARD_ADMIN_KEY: admin,
        ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      }),
    });
    observer = await JetStreamBus.connect({ servers: nats.url });
    await observer.subscribe(
      { durable: 'runtime-test-observer', filterSubject: 'evt.default.>' },
      (event) => {
        seen.push(event);
      },
    );
    publisher = await JetStreamBus.connect({ servers: nats.url });
  });
  afterAll(async () => {
    await publisher?.close();
    await observer?.close();
    await hub?.close();
    await vendor?.stop();
    await nats?.stop();
    data.remove();
  });

  describe('webhook ingress', () => {
    let id: string;
    beforeAll(async () => {
      id = (await createInstance('hooks')).id;
    });

    it('answers 202 only with the events stored on the bus, with deterministic ids', async () => {
      const res = await deliver(id, {
        alerts: [
          { id: 'a-1', title: 'Disk full' },
          { id: 'a-2', title: 'CPU' },
        ],
      });
      expect(res.status).toBe(202);
      expect(res.body.accepted).toBe(2);
      await waitFor(() => res.body.eventIds.every((eid: string) => seen.some((e) => e.id === eid)));
      const first = seen.find((e) => e.id === res.body.eventIds[0])!;
      expect(first).toMatchObject({
        type: 'io.switchboard.ops.alert.triggered.v1',
        source: `/connectors/test-tracker/${id}`,
        subject: 'a-1',
        tenantid: 'default',
        originconnector: id,
        data: { dedupKey: 'a-1', title: 'Disk full', severity: 'high', status: 'triggered' },
      });
      // The sender retries the same delivery: same ids, stored once.
      const again = await deliver(id, {
        alerts: [
          { id: 'a-1', title: 'Disk full' },
          { id: 'a-2', title: 'CPU' },
        ],
      });
      expect(again.body.eventIds).toEqual(res.body.eventIds);
    });

    it('refuses bad input with a problem and publishes nothing', async () => {
      const before = seen.length;
      const missing = await deliver(id, { alerts: [] }, { Authorization: '' });
      expect(missing.status).toBe(401);
      expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
      const wrong = await deliver(
        id,
        { alerts: [{ id: 'x', title: 'y' }] },
        { Authorization: 'Bearer nope-nope' },
      );
      expect(wrong.status).toBe(403);
      expect(JSON.stringify(wrong.body)).not.toContain(WEBHOOK_TOKEN);
      const text = await http()
        .post(`/hooks/${id}`)
        .set({ 'Content-Type': 'text/plain', Authorization: `Bearer ${WEBHOOK_TOKEN}` })
        .send('hello');
      expect(text.status).toBe(415);
      const invalid = await deliver(id, { alerts: [{ id: 7 }] });
      expect(invalid.status).toBe(422);
      expect(invalid.body.errors).toEqual([{ path: 'alerts[0]', message: 'needs id and title' }]);
      const huge = await deliver(id, { alerts: [], pad: 'x'.repeat(1_100_000) });
      expect(huge.status).toBe(413);
      expect((await deliver('0193a1f2-7c4e-7b21-9a0d-5e8f3c2b1a40', { alerts: [] })).status).toBe(404);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen.length).toBe(before);
    });

    it('answers 503 with Retry-After when the bus cannot store the events, so the sender retries', async () => {
      const live = hub.app.get<EventBus>(EVENT_BUS, { strict: false });
      const spy = jest.spyOn(live, 'publish').mockRejectedValueOnce(new Error('JetStream ack timeout'));
      try {
        const res = await deliver(id, { alerts: [{ id: 'b-1', title: 'Lost?' }] });
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
      } finally {
        spy.mockRestore();
      }
      const retried = await deliver(id, { alerts: [{ id: 'b-1', title: 'Lost?' }] });
      expect(retried.status).toBe(202);
    });

    it('picks up a changed secret and a disabled instance without a restart', async () => {
      const current = await http().get(`/api/v1/instances/${id}`).set(auth).expect(200);
      await http()
        .patch(`/api/v1/instances/${id}`)
        .set({ ...auth, 'If-Match': current.headers.etag })
        .send({ secrets: { webhookToken: 'rotated-token-77a1' } })
        .expect(200);
      await waitFor(
        async () =>
          (await deliver(id, { alerts: [] }, { Authorization: 'Bearer rotated-token-77a1' })).status === 202,
      );
      expect((await deliver(id, { alerts: [] })).status).toBe(403);

      const next = await http().get(`/api/v1/instances/${id}`).set(auth).expect(200);
      await http()
        .patch(`/api/v1/instances/${id}`)
        .set({ ...auth, 'If-Match': next.headers.etag })
        .send({ enabled: false })
        .expect(200);
      await waitFor(
        async () =>
          (await deliver(id, { alerts: [] }, { Authorization: 'Bearer rotated-token-77a1' })).status === 503,
      );
      const paused = await deliver(id, { alerts: [] }, { Authorization: 'Bearer rotated-token-77a1' });
      expect(paused.headers['retry-after']).toBe('60');
      expect(paused.body.detail).toMatch(/disabled/);
    });
  });

  it('does not run an instance pinned to a version it does not have, and says why', async () => {
    const { id } = await createInstance('pinned');
    await hosted(id);
    // As after an upgrade of the connector to a new major: the stored pin no longer matches.
    const dataSource = hub.app.get(DataSource);
    await dataSource.query(
      `UPDATE connector_instances SET type_version_pin = '^0.9.0', version = version + 1 WHERE id = ${
        dataSource.options.type === 'postgres' ? '$1' : '?'
      }`,
      [id],
    );
    await hub.app.get(InstanceHost).reconcile();
    const res = await deliver(id, { alerts: [] });
    expect(res.status).toBe(503);
    expect(res.body.detail).toMatch(/pinned to test-tracker \^0\.9\.0, but this runtime has 1\.0\.0/);
    await waitFor(
      async () =>
        (await http().get(`/api/v1/instances/${id}/health`).set(auth)).body.status === 'invalid_config',
    );
  });

  describe('commands', () => {
    let id: string;
    const send = (key: string, input: Record<string, unknown>) => sendNote(id, key, input);
    /** The vendor's note calls since `from` (its item list is polled meanwhile). */
    const noteCalls = (from: number) =>
      vendor.requests.slice(from).filter((call) => call.endsWith(' /api/notes'));

    beforeAll(async () => {
      id = (await createInstance('commands')).id;
      await hosted(id);
    });

    it('runs a command and answers succeeded with its output; a repeat of the key is answered from the ledger', async () => {
      const notesBefore = vendor.notes.length;
      const callsBefore = vendor.requests.length;
      const first = await send('step-1', { text: 'Ticket opened' });
      await waitFor(() => results(first.id).length === 1, 10_000);
      // A fresh command's first delivery: the create alone, no search for its marker first.
      expect(noteCalls(callsBefore)).toEqual(['POST /api/notes']);
      expect(results(first.id)[0]).toMatchObject({
        type: COMMAND_SUCCEEDED_TYPE,
        subject: 'step-1',
        source: `/connectors/test-tracker/${id}`,
        data: {
          action: 'note.create',
          idempotencyKey: 'step-1',
          outcome: 'succeeded',
          runId: 'run-1',
          output: { noteId: expect.any(Number) },
        },
      });
      const again = await send('step-1', { text: 'Ticket opened' });
      await waitFor(() => results(again.id).length === 1, 10_000);
      expect(results(again.id)[0]!.data).toMatchObject({
        outcome: 'succeeded',
        replayed: true,
        output: (results(first.id)[0]!.data as { output: object }).output,
      });
      expect(vendor.notes.length).toBe(notesBefore + 1);
    });

    it('retries a vendor outage with backoff and succeeds once, without a duplicate create', async () => {
      // The create (a POST, never retried by the HTTP client) fails: the bus redelivers after its backoff.
      vendor.failNext(503, {}, 1, 'POST');
      const callsBefore = vendor.requests.length;
      const command = await send('step-2', { text: 'During an outage' });
      await waitFor(() => results(command.id).length === 1, 20_000);
      expect(results(command.id)[0]!.data).toMatchObject({ outcome: 'succeeded' });
      // The redelivery searches first: the failed POST may have created the note all the same.
      expect(noteCalls(callsBefore)).toEqual(['POST /api/notes', 'GET /api/notes', 'POST /api/notes']);
      expect(vendor.notes.filter((note) => note.text === 'During an outage')).toHaveLength(1);
    });

    it('answers failed with a validation error for bad input, never calling the vendor', async () => {
      const calls = vendor.requests.length;
      const command = await send('step-3', { text: '', extra: true });
      await waitFor(() => results(command.id).length === 1, 10_000);
      expect(results(command.id)[0]!.data).toMatchObject({
        outcome: 'failed',
        error: { code: 'validation', message: expect.stringMatching(/input\.extra is not a known field/) },
      });
      expect(vendor.requests.length).toBe(calls);
    });

    it('answers failed with an auth error when the vendor refuses the credentials, and no secret in it', async () => {
      vendor.token = 'rotated-vendor-token';
      try {
        const command = await send('step-4', { text: 'Denied' });
        await waitFor(() => results(command.id).length === 1, 10_000);
        const data = results(command.id)[0]!.data as {
          outcome: string;
          error: { code: string; message: string };
        };
        expect(data).toMatchObject({ outcome: 'failed', error: { code: 'auth' } });
        expect(JSON.stringify(data)).not.toContain('good-token-9f2c');
      } finally {
        vendor.token = 'good-token-9f2c';
      }
    });
  });

  describe('polling, test connection and health', () => {
    let id: string;
    beforeAll(async () => {
      vendor.items.push(
        { id: 1, title: 'one', updatedAt: '2026-12-01T09:00:00.000Z' },
        { id: 2, title: 'two', updatedAt: '2026-12-01T09:01:00.000Z' },
        { id: 3, title: 'three', updatedAt: '2026-12-01T09:02:00.000Z' },
      );
      id = (await createInstance('poller', {}, { pollIntervalMs: 3_600_000 })).id;
      await hosted(id);
    });

    it('publishes every page and checkpoints the cursor after each', async () => {
      const scheduler = hub.app.get(PollScheduler);
      await waitFor(
        () => seen.filter((e) => e.source === `/connectors/test-tracker/${id}`).length === 3,
        30_000,
      );
      expect(seen.filter((e) => e.source === `/connectors/test-tracker/${id}`).map((e) => e.subject)).toEqual(
        ['item-1', 'item-2', 'item-3'],
      );
      // A page's events are published before its checkpoint is written: the last one may still be on its way.
      const cursor = async () =>
        JSON.parse(
          (await hub.app.get(DataSource).getRepository(PollCursor).findOneByOrFail({ instanceId: id }))
            .cursor,
        ) as unknown;
      const last = { since: '2026-12-01T09:02:00.000Z', seen: [3] };
      await waitFor(async () => JSON.stringify(await cursor()) === JSON.stringify(last), 10_000).catch(
        () => undefined,
      );
      expect(await cursor()).toEqual(last);
      // A new item after the cursor, and a run now: only it (and the inclusive boundary, deduplicated) comes.
      vendor.items.push({ id: 4, title: 'four', updatedAt: '2026-12-01T09:03:00.000Z' });
      expect(await scheduler.runNow(id)).toBe(true);
      await waitFor(() => seen.some((e) => e.subject === 'item-4'));
      expect(seen.filter((e) => e.subject === 'item-3')).toHaveLength(1);
    });

    it('tests the connection through the runtime: ok, then auth_failed with a wrong token', async () => {
      const ok = await http().post(`/api/v1/instances/${id}/test`).set(auth).expect(200);
      expect(ok.body).toEqual({
        ok: true,
        status: 'ok',
        detail: 'signed in as hub',
        remote: { version: '3.1' },
      });
      vendor.token = 'rotated-vendor-token';
      try {
        const bad = await http().post(`/api/v1/instances/${id}/test`).set(auth).expect(200);
        expect(bad.body).toMatchObject({ ok: false, status: 'auth_failed' });
        expect(JSON.stringify(bad.body)).not.toContain('good-token-9f2c');
      } finally {
        vendor.token = 'good-token-9f2c';
      }
    });

    it('reports health: rate limiting shows as degraded with its end, and in /metrics', async () => {
      vendor.failNext(429, { 'retry-after': '120' }, 10);
      await hub.app.get(PollScheduler).runNow(id);
      await waitFor(async () => {
        const res = await http().get(`/api/v1/instances/${id}/health`).set(auth);
        return res.status === 200 && res.body.rateLimitedUntil !== null;
      }, 10_000);
      const health = await http().get(`/api/v1/instances/${id}/health`).set(auth).expect(200);
      expect(health.body).toMatchObject({
        instanceId: id,
        enabled: true,
        circuit: 'closed',
        lastCheck: { status: 'auth_failed' },
        lastError: { code: 'rate_limited', operation: 'poll' },
      });
      expect(Date.parse(health.body.rateLimitedUntil)).toBeGreaterThan(Date.now() + 60_000);
      const metrics = await http().get('/metrics').expect(200);
      expect(metrics.text).toMatch(
        new RegExp(`switchboard_connector_rate_limited\\{connector="test-tracker",instance="${id}"\\} 1`),
      );
    });
  });
  // Last: the lock-out is per sender address, and every test here sends from 127.0.0.1.
  describe('instance limits', () => {
    const vendors: FakeTracker[] = [];
    const host = () => hub.app.get(InstanceHost);
    afterAll(async () => {
      for (const tracker of vendors) await tracker.stop();
    });

    /**
     * An instance with these limits against a vendor of its own (so the vendor's in-flight count is
     * this instance's), loaded by the runtime, with the poll it starts with done: no poll competes
     * with a test's work for the next hour.
     */
    const createLimited = async (name: string, limits: Record<string, number>, connectorType = UNHINTED) => {
      const tracker = await new FakeTracker().start();
      vendors.push(tracker);
      const res = await http()
        .post('/api/v1/instances')
        .set(auth)
        .send({
          connectorType,
          name,
          config: { baseUrl: tracker.url, pollIntervalMs: 3_600_000 },
          secrets: { apiToken: tracker.token },
          limits,
        })
        .expect(201);
      const id = res.body.id as string;
      await waitFor(() => host().get(id)?.runnable === true);
      await waitFor(() => tracker.requests.includes('GET /api/items'));
      await hub.app.get(PollScheduler).runNow(id);
      return { id, tracker };
    };

    it('runs at most limits.maxConcurrent actions of an instance at once (2, where the default is 4)', async () => {
      const { id, tracker } = await createLimited('two-at-once', { maxConcurrent: 2 });
      const instance = host().get(id)!;
      expect(instance.limiter.limit).toBe(2);
      tracker.hold();
      const commands = await Promise.all(
        Array.from({ length: 6 }, (_, i) => sendNote(id, `limited-${i}`, { text: `note ${i}` })),
      );
      // All six reach the instance: two run, their requests held by the vendor; four wait for a slot.
      await waitFor(() => instance.limiter.running + instance.limiter.waiting === 6, 20_000);
      await waitFor(() => tracker.inFlight === 2, 10_000);
      expect(instance.limiter.running).toBe(2);
      expect(instance.limiter.waiting).toBe(4);
      tracker.release();

      await waitFor(() => commands.every((command) => results(command.id).length === 1), 30_000);
      expect(commands.map((command) => results(command.id)[0]!.data)).toEqual(
        commands.map(() => expect.objectContaining({ outcome: 'succeeded' })),
      );
      expect(tracker.notes).toHaveLength(6);
      expect(tracker.maxInFlight).toBe(2);
    });

    it('paces the HTTP client of an instance to limits.requestsPerSecond, keeping the other limit', async () => {
      const { id, tracker } = await createLimited('paced', { requestsPerSecond: 4 }); // one every 250 ms
      expect(host().get(id)!.limiter.limit).toBe(DEFAULT_INSTANCE_CONCURRENCY);
      const before = tracker.requests.length;
      const firedAt = Date.now();
      const checks = await Promise.all(
        Array.from({ length: 4 }, () => http().post(`/api/v1/instances/${id}/test`).set(auth)),
      );
      expect(checks.map((check) => [check.status, check.body.status])).toEqual(checks.map(() => [200, 'ok']));
      expect(tracker.requests.slice(before)).toEqual(checks.map(() => 'GET /api/me'));
      // The k-th request cannot start before k intervals after the burst began: a lower bound only,
      // so a slow machine cannot fail it (1 ms a step for timer and clock rounding).
      tracker.arrivedAt
        .slice(before)
        .forEach((at, k) => expect(at - firedAt).toBeGreaterThanOrEqual(k * 249));
    });

    it('applies changed limits without a restart, and the connector hint once they are removed', async () => {
      // The tracker type hints at 2 at once.
      const { id } = await createLimited('changing', { maxConcurrent: 8 }, 'test-tracker');
      expect(host().get(id)!.limiter.limit).toBe(8);
      const patch = (version: number, limits: unknown) =>
        http()
          .patch(`/api/v1/instances/${id}`)
          .set({ ...auth, 'If-Match': `W/"${version}"` })
          .send({ limits })
          .expect(200);

      await patch(1, { maxConcurrent: 3 });
      await waitFor(() => host().get(id)?.version === 2);
      expect(host().get(id)!.limits).toEqual({ maxConcurrent: 3 });
      expect(host().get(id)!.limiter.limit).toBe(3);

      await patch(2, null);
      await waitFor(() => host().get(id)?.version === 3);
      expect(host().get(id)!.limits).toBeNull();
      expect(host().get(id)!.limiter.limit).toBe(trackerConnector.manifest.rateLimit!.maxConcurrent);
    });
  });

  describe('webhook auth failures', () => {
    it('refuses a sender with too many refused credentials for a minute (429), whatever it sends next', async () => {
      // A second instance, so this sender's lock-out does not disturb the other tests' deliveries.
      const { id: other } = await createInstance('hooks-throttled');
      await hosted(other);
      // Earlier tests of this hub already had a few deliveries refused from this address.
      const statuses: number[] = [];
      for (let i = 0; i <= WEBHOOK_AUTH_FAILURE_LIMIT && statuses.at(-1) !== 429; i++)
        statuses.push((await deliver(other, { alerts: [] }, { Authorization: 'Bearer guess-' + i })).status);
      expect(statuses.at(-1)).toBe(429);
      expect(new Set(statuses.slice(0, -1))).toEqual(new Set([403]));
      const locked = await deliver(other, { alerts: [] }); // the right token, now too late
      expect(locked.status).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(locked.body.type).toBe('urn:switchboard:problem:too-many-failures');
    });
  });
});
