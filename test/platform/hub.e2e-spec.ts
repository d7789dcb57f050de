import { Agent, get as httpGet } from 'node:http';
import { ConfigValidationError } from '@switchboard/config';
import {
  BusRuntime,
  bootstrapHttpApp,
  findFreePort,
  PROBLEM_CONTENT_TYPE,
  type RunningHttpApp,
} from '@switchboard/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { HubModule } from '../../apps/hub/src/hub.module';
import { hubEnv, isAlive, natsServerBinary, tempDataDir, waitUntilGone } from './platform-test-env';

const BUS_METRICS = [
  'switchboard_bus_published_total',
  'switchboard_bus_consumed_total',
  'switchboard_bus_acked_total',
  'switchboard_bus_naked_total',
  'switchboard_bus_dead_lettered_total',
  'switchboard_bus_handler_duration_seconds',
  'switchboard_bus_durable',
  'switchboard_http_request_duration_seconds',
];

describe('hub (in-process)', () => {
  const data = tempDataDir('hub');
  afterAll(() => data.remove());

  describe('with a nats-server it starts itself', () => {
    let hub: RunningHttpApp;

    beforeAll(async () => {
      hub = await bootstrapHttpApp(HubModule, {
        name: 'hub',
        env: hubEnv(`${data.dir}/launched`, { NATS_SERVER_BIN: natsServerBinary() }),
      });
    });

    it('is ready on a durable JetStream bus and the database', async () => {
      const res = await request(hub.app.getHttpServer()).get('/readyz').expect(200);
      expect(res.body).toMatchObject({
        status: 'ready',
        checks: {
          bus: { ok: true, kind: 'jetstream', durable: true },
          database: { ok: true },
        },
      });
      expect(res.body.checks.bus.detail).toMatch(
        /^JetStream at nats:\/\/127\.0\.0\.1:\d+ \(nats-server pid \d+ started/,
      );
      expect(res.body.warnings).toBeUndefined();
    });

    it('exposes the bus and HTTP metrics', async () => {
      await request(hub.app.getHttpServer()).get('/healthz').expect(200, { status: 'ok' });
      const { text } = await request(hub.app.getHttpServer()).get('/metrics').expect(200);
      for (const name of BUS_METRICS) expect(text).toContain(`# TYPE ${name} `);
      expect(text).toContain('switchboard_bus_durable{kind="jetstream"} 1');
    });

    it('keeps an idle connection open longer than webhook senders keep theirs (Node closes after 5 s)', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const get = () =>
        new Promise<{ status?: number; port?: number }>((resolve, reject) => {
          const req = httpGet(`${hub.url}/healthz`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode, port: req.socket?.localPort }));
          });
          req.on('error', reject);
        });
      try {
        const first = await get();
        await new Promise((resolve) => setTimeout(resolve, 6_000));
        const second = await get();
        expect([first.status, second.status]).toEqual([200, 200]);
        expect(second.port).toBe(first.port); // the same connection, still open
      } finally {
        agent.destroy();
      }
    });

    it('listens on a random port and stops its nats-server on close', async () => {
      expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(hub.url).not.toMatch(/:8080$/);
      const server = hub.app.get(BusRuntime).server!;
      expect(server.owned).toBe(true);
      expect(isAlive(server.pid)).toBe(true);
      await hub.close();
      expect(await waitUntilGone(server.pid)).toBe(true);
    });
  });

  it('fails the start with a clear message when SWITCHBOARD_BUS=nats and NATS_URL is unreachable', async () => {
    const closedPort = await findFreePort('127.0.0.1');
    const natsUrl = `nats://hub:hubsecret@127.0.0.1:${closedPort}`;
    const start = bootstrapHttpApp(HubModule, {
      name: 'hub',
      env: hubEnv(`${data.dir}/unreachable`, { SWITCHBOARD_BUS: 'nats', NATS_URL: natsUrl }),
    });
    await expect(start).rejects.toThrow(
      `the NATS server in NATS_URL is not usable: cannot reach NATS at nats://hub:***@127.0.0.1:${closedPort}`,
    );
    await expect(start).rejects.not.toThrow('hubsecret');
  });

  describe('without any nats-server (auto mode)', () => {
    let hub: RunningHttpApp;

    beforeAll(async () => {
      hub = await bootstrapHttpApp(HubModule, {
        name: 'hub',
        env: hubEnv(`${data.dir}/fallback`, {
          PATH: '/nonexistent',
          NATS_SERVER_BIN: `${data.dir}/no-such-nats-server`,
        }),
      });
    });

    afterAll(() => hub.close());

    it('falls back to the in-process bus: ready, but says durability is off', async () => {
      const res = await request(hub.app.getHttpServer()).get('/readyz').expect(200);
      expect(res.body.checks.bus).toMatchObject({ ok: true, kind: 'in-process', durable: false });
      expect(res.body.checks.bus.detail).toContain('durability off');
      expect(res.body.checks.bus.detail).toContain('events are lost on restart');
      expect(res.body.warnings).toEqual([res.body.checks.bus.detail]);
      const { text } = await request(hub.app.getHttpServer()).get('/metrics').expect(200);
      expect(text).toContain('switchboard_bus_durable{kind="in-process"} 0');
    });

    it('answers 503 with a problem naming the failed check when a dependency is down', async () => {
      await hub.app.get(DataSource).destroy();
      const res = await request(hub.app.getHttpServer()).get('/readyz').expect(503);
      expect(res.headers['content-type']).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
      const body = JSON.parse(res.text);
      expect(body).toMatchObject({
        type: 'urn:switchboard:problem:not-ready',
        title: 'Service Unavailable',
        status: 503,
        checks: { bus: { ok: true, kind: 'in-process', durable: false }, database: { ok: false } },
      });
      expect(body.detail).toMatch(/^Not ready: database: sqlite .* down/);
    });
  });

  it('refuses to start on an invalid variable, naming it', async () => {
    const start = bootstrapHttpApp(HubModule, {
      name: 'hub',
      env: hubEnv(`${data.dir}/invalid`, { SWITCHBOARD_PORT: 'abc' }),
    });
    await expect(start).rejects.toBeInstanceOf(ConfigValidationError);
    await expect(start).rejects.toThrow('SWITCHBOARD_PORT: got "abc"; expected an integer from 0 to 65535');
  });
});
