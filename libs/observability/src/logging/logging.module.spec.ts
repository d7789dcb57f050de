import { Controller, Get, Logger as NestLogger, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule, loadConfig } from '@switchboard/config';
import { Logger } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import request from 'supertest';
import { LoggingModule } from './logging.module';

const SECRETS = {
  authorization: 'Bearer header-token-111',
  cookie: 'session=cookie-222',
  apiKey: 'api-key-333',
  password: 'password-444',
  secret: 'secret-555',
  token: 'token-666',
};

/** Holds GET /slow until a test releases it. */
const slowGate: { promise: Promise<void>; release: () => void } = {
  promise: Promise.resolve(),
  release: () => {},
};

@Controller()
class ProbeController {
  private readonly logger = new NestLogger('Probe');

  @Get('work')
  work(): { done: true } {
    this.logger.log({ user: { name: 'alice', password: SECRETS.password } }, 'signing in');
    this.logger.warn(
      { connector: { config: { secret: SECRETS.secret, token: SECRETS.token } } },
      'connector config',
    );
    return { done: true };
  }

  @Get('slow')
  async slow(): Promise<{ done: true }> {
    await slowGate.promise;
    this.logger.log('after waiting');
    return { done: true };
  }

  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('LoggingModule', () => {
  let app: INestApplication;
  const lines: string[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(loadConfig({ LOG_FORMAT: 'json', LOG_LEVEL: 'debug' })),
        LoggingModule.forRoot({ destination: { write: (line: string) => lines.push(line) } }),
        ProbeModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.init();
  });

  afterAll(() => app.close());

  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it('never writes secrets from headers or logged objects', async () => {
    await request(app.getHttpServer())
      .get('/work')
      .set('Authorization', SECRETS.authorization)
      .set('Cookie', SECRETS.cookie)
      .set('X-Api-Key', SECRETS.apiKey)
      .expect(200);

    const output = lines.join('');
    for (const value of Object.values(SECRETS)) expect(output).not.toContain(value);

    const completed = logged().find((l) => l.msg === 'request completed') as {
      req: { headers: Record<string, string> };
    };
    expect(completed.req.headers).toMatchObject({
      authorization: '[REDACTED]',
      cookie: '[REDACTED]',
      'x-api-key': '[REDACTED]',
    });
    expect(logged().find((l) => l.msg === 'signing in')).toMatchObject({
      level: 'info',
      context: 'Probe',
      user: { name: 'alice', password: '[REDACTED]' },
    });
  });

  it('tags every line of a request with one request id, echoed in the response', async () => {
    lines.length = 0;
    const res = await request(app.getHttpServer()).get('/work').set('X-Request-Id', 'req-abc.1').expect(200);
    expect(res.headers['x-request-id']).toBe('req-abc.1');
    const ids = logged().map((l) => (l.req as { id?: string } | undefined)?.id);
    expect(ids).toEqual(['req-abc.1', 'req-abc.1', 'req-abc.1']);
  });

  it('keeps the request context on while any request is in flight, and off (no promise hooks) after', async () => {
    lines.length = 0;
    const disable = jest.spyOn(storage, 'disable');
    try {
      slowGate.promise = new Promise((resolve) => (slowGate.release = resolve));
      const server = app.getHttpServer();
      const slow = request(server)
        .get('/slow')
        .set('X-Request-Id', 'slow-1')
        .then((res) => res);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the slow one is waiting inside
      await request(server).get('/work').set('X-Request-Id', 'fast-1').expect(200);
      expect(disable).not.toHaveBeenCalled(); // the slow request still needs its context
      slowGate.release();
      expect((await slow).status).toBe(200);
      await new Promise((resolve) => setImmediate(resolve));
      expect(disable).toHaveBeenCalledTimes(1);
      expect(logged().find((l) => l.msg === 'after waiting')).toMatchObject({ req: { id: 'slow-1' } });
      // Switched back on by the next request.
      await request(server).get('/work').set('X-Request-Id', 'again-1').expect(200);
      expect(
        logged().find((l) => l.msg === 'signing in' && (l.req as { id: string }).id === 'again-1'),
      ).toBeDefined();
    } finally {
      disable.mockRestore();
    }
  });

  it('replaces an unsafe caller request id by a fresh one', async () => {
    const res = await request(app.getHttpServer())
      .get('/work')
      .set('X-Request-Id', 'bad id\twith spaces')
      .expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not log health probes', async () => {
    lines.length = 0;
    await request(app.getHttpServer()).get('/healthz').expect(200);
    expect(lines).toEqual([]);
  });
});
