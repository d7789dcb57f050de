import { Controller, Get, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Public, Requires } from './access.decorators';
import { generateApiKey } from './api-key';
import { API_KEY_STORE, type ApiKeyStore, type StoredApiKey } from './api-key-store';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { AuthModule } from './auth.module';
import type { Role } from './roles';

@Controller('things')
class ThingsController {
  @Get()
  @Requires('instances:read')
  list(): string[] {
    return ['a'];
  }

  @Post()
  @Requires('instances:write')
  create(): { ok: true } {
    return { ok: true };
  }

  @Get('open')
  @Public('a test of the public path')
  open(): string {
    return 'open';
  }

  @Get('forgotten')
  forgotten(): string {
    return 'nobody should see this';
  }
}

function makeKey(role: Role, extra: Partial<StoredApiKey> = {}): { key: string; stored: StoredApiKey } {
  const generated = generateApiKey();
  return {
    key: generated.key,
    stored: {
      id: `key-${role}`,
      prefix: generated.prefix,
      hash: generated.hash,
      role,
      tenantId: 'default',
      ...extra,
    },
  };
}

const keys = {
  viewer: makeKey('viewer'),
  editor: makeKey('editor'),
  expired: makeKey('admin', { expiresAt: new Date(Date.now() - 1_000) }),
  revoked: makeKey('admin', { revokedAt: new Date() }),
};
const store: ApiKeyStore = {
  findByPrefix: async (prefix) => Object.values(keys).find((k) => k.stored.prefix === prefix)?.stored,
};

let app: INestApplication;

beforeEach(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule],
    controllers: [ThingsController],
    providers: [{ provide: API_KEY_STORE, useValue: store }],
  })
    .overrideProvider(AuthFailureThrottle)
    .useValue(new AuthFailureThrottle(3, 60_000))
    .compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.init();
});

afterEach(async () => {
  await app.close();
});

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

it.each([
  ['no key', {}, 401, /API key is required/],
  ['a malformed key', bearer('hunter2'), 401, /malformed/],
  ['an unknown key', bearer(generateApiKey().key), 401, /not valid/],
  [
    'a right prefix with a wrong secret',
    bearer(`${keys.viewer.key.slice(0, 13)}${'x'.repeat(43)}`),
    401,
    /not valid/,
  ],
  ['an expired key', bearer(keys.expired.key), 401, /expired/],
  ['a revoked key', bearer(keys.revoked.key), 401, /revoked/],
  ['a viewer creating', { 'X-Api-Key': keys.viewer.key }, 403, /viewer does not grant instances:write/],
])('refuses %s', async (_case, headers, status, message) => {
  const res = await request(app.getHttpServer()).post('/things').set(headers).expect(status);
  expect(res.body.message).toMatch(message);
});

it('lets a role through to what it grants, by either header', async () => {
  await request(app.getHttpServer()).get('/things').set({ 'X-Api-Key': keys.viewer.key }).expect(200, ['a']);
  await request(app.getHttpServer()).post('/things').set(bearer(keys.editor.key)).expect(201, { ok: true });
});

it('serves a public route without a key, and refuses a route that declares nothing, even to a valid key', async () => {
  await request(app.getHttpServer()).get('/things/open').expect(200, 'open');
  const res = await request(app.getHttpServer())
    .get('/things/forgotten')
    .set(bearer(keys.editor.key))
    .expect(403);
  expect(res.body.message).toMatch(/declares no access rule/);
});

it('throttles a client after repeated authentication failures, even with a good key', async () => {
  for (let i = 0; i < 3; i++)
    await request(app.getHttpServer()).get('/things').set(bearer('bad')).expect(401);
  const res = await request(app.getHttpServer())
    .get('/things')
    .set({ 'X-Api-Key': keys.viewer.key })
    .expect(429);
  expect(res.body.message).toMatch(/too many failed authentications; retry in \d+ s/);
});

it('never echoes a presented key', async () => {
  const res = await request(app.getHttpServer()).get('/things').set(bearer(keys.expired.key)).expect(401);
  expect(JSON.stringify(res.body)).not.toContain(keys.expired.key.slice(13));
});
