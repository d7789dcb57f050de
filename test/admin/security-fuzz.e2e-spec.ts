/**
 * Hostile bodies on every write route of the real hub (found with listRouteAccess), sent with an
 * admin key: every answer is a 4xx RFC 9457 problem (never a 5xx), nothing is polluted, and no
 * row of api_keys, connector_instances or audit_entries appears, changes or disappears.
 */
import { Logger } from '@nestjs/common';
import type { RouteAccess } from '@switchboard/auth';
import type { Response } from 'supertest';
import {
  bearer,
  concretePath,
  FLOW_FIXTURE,
  isWrite,
  MAPPING_FIXTURE,
  resourcePrefix,
  startSecurityHub,
  tableCounts,
  verb,
  type SecurityHub,
} from './support/security-hub';

Logger.overrideLogger(['error']);

interface Payload {
  name: string;
  body: string;
  contentType?: string;
  /** The one status this payload must get on every route. */
  status?: number;
}

const DEPTH = 10_000;
const deepObject = (leaf: string) => '{"a":'.repeat(DEPTH) + leaf + '}'.repeat(DEPTH);
const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const WEIRD = [
  '\ud800',
  '\udfff',
  'a\u202eexe.txt',
  'nul\u0000byte',
  '\ufeffbom',
  '\u0085',
  '\u2028\u2029',
  '𝕏'.repeat(50),
];
const weirdJson = (value: string) => JSON.stringify(value);

/** Every field any write DTO has, each with the wrong type. */
const WRONG_TYPES = {
  name: 123,
  role: ['admin'],
  expiresAt: 7,
  connectorType: {},
  versionPin: false,
  config: 'x',
  secrets: [1],
  enabled: 'yes',
};

const PAYLOADS: Payload[] = [
  { name: 'malformed JSON', body: '{"name": "x",', status: 400 },
  { name: 'malformed JSON (single quotes)', body: "{'name':'x'}", status: 400 },
  { name: 'truncated unicode escape', body: '{"name":"\\ud8"}', status: 400 },
  { name: 'top-level array', body: '[]' },
  { name: 'top-level array of objects', body: '[{"name":"x","role":"viewer"}]' },
  { name: 'top-level string', body: '"admin"', status: 400 },
  { name: 'top-level number', body: '42', status: 400 },
  { name: 'top-level null', body: 'null', status: 400 },
  { name: 'wrong types', body: JSON.stringify(WRONG_TYPES) },
  {
    name: 'nulls everywhere',
    body: JSON.stringify(Object.fromEntries(Object.keys(WRONG_TYPES).map((k) => [k, null]))),
  },
  {
    name: 'oversized body',
    body: JSON.stringify({ name: 'x', role: 'viewer', pad: 'A'.repeat(1024 * 1024 + 10) }),
    status: 413,
  },
  { name: 'deeply nested object', body: deepObject('1') },
  {
    name: 'deeply nested config',
    body: `{"connectorType":"example","name":"deep","config":${deepObject('1')}}`,
  },
  {
    name: 'deeply nested secrets',
    body: `{"connectorType":"example","name":"deep","config":{"baseUrl":"https://x.example.com","project":"P"},"secrets":${deepObject('"s"')}}`,
  },
  { name: 'deeply nested name', body: `{"name":${deepObject('1')},"role":"viewer"}` },
  { name: 'deeply nested array', body: deepArray },
  {
    name: 'unicode edge cases in every field',
    body: `{${Object.keys(WRONG_TYPES)
      .map((key, i) => `${weirdJson(key)}:${weirdJson(WEIRD[i % WEIRD.length])}`)
      .join(',')}}`,
  },
  { name: 'unicode edge cases as keys', body: `{${WEIRD.map((w) => `${weirdJson(w)}:1`).join(',')}}` },
  {
    name: 'unicode in an instance name',
    body: JSON.stringify({
      connectorType: 'example',
      name: 'a\u202eb\u0000',
      config: { baseUrl: 'https://x.example.com', project: 'P' },
    }),
  },
  {
    name: 'unicode in an instance config',
    body: JSON.stringify({
      connectorType: 'example',
      name: 'unicode-config',
      config: { baseUrl: 'https://x\u0000\u202e.example.com', project: '\ud800' },
    }),
  },
  { name: 'unicode in an API key role', body: JSON.stringify({ name: 'x', role: 'admin\u0000' }) },
  { name: '__proto__ pollution', body: '{"__proto__":{"polluted":1}}' },
  { name: 'constructor.prototype pollution', body: '{"constructor":{"prototype":{"polluted":1}}}' },
  {
    name: '__proto__ pollution inside an otherwise valid API key',
    body: '{"name":"pp","role":"viewer","__proto__":{"polluted":1,"role":"admin"}}',
  },
  {
    name: '__proto__ pollution inside config and secrets',
    body:
      '{"connectorType":"example","name":"pp","config":{"baseUrl":"https://x.example.com","project":"P",' +
      '"__proto__":{"polluted":1}},"secrets":{"apiToken":"t","__proto__":{"polluted":1}},' +
      '"constructor":{"prototype":{"polluted":1}}}',
  },
  {
    name: 'form-encoded prototype pollution',
    body: '__proto__[polluted]=1&constructor[prototype][polluted]=1&name[__proto__][polluted]=1',
    contentType: 'application/x-www-form-urlencoded',
  },
  {
    name: 'unknown fields on an otherwise valid API key',
    body: JSON.stringify({ name: 'extra', role: 'viewer', tenantId: 'tenant-b', isAdmin: true }),
  },
  {
    name: 'unknown fields on an otherwise valid instance',
    body: JSON.stringify({
      connectorType: 'example',
      name: 'extra',
      config: { baseUrl: 'https://x.example.com', project: 'P' },
      tenantId: 'tenant-b',
      id: '00000000-0000-4000-8000-000000000000',
    }),
  },
  {
    name: 'unknown config field on an otherwise valid instance',
    body: JSON.stringify({
      connectorType: 'example',
      name: 'extra-config',
      config: { baseUrl: 'https://x.example.com', project: 'P', isAdmin: true },
    }),
  },
  {
    name: 'a secret in config on an otherwise valid instance',
    body: JSON.stringify({
      connectorType: 'example',
      name: 'secret-in-config',
      config: { baseUrl: 'https://x.example.com', project: 'P', apiToken: 'oops' },
    }),
  },
  { name: 'another charset', body: '{"name":"x"}', contentType: 'application/json; charset=utf-16' },
  {
    name: 'unknown charset',
    body: '{"name":"x"}',
    contentType: 'application/json; charset=klingon',
    status: 415,
  },
  { name: 'JSON with a BOM', body: '\ufeff{"name":1}' },
];

const label = (route: RouteAccess) => `${route.method} ${route.path}`;

describe('security: hostile bodies on every write route', () => {
  let s: SecurityHub;
  /** Tenant A resources, so updates reach the service with a matching If-Match. */
  const ownIds: Record<string, string> = {};

  beforeAll(async () => {
    s = await startSecurityHub('security-fuzz');
    const instance = await s
      .http()
      .post('/api/v1/instances')
      .set(bearer(s.keys.admin))
      .send({
        connectorType: 'example',
        name: 'fuzz-target',
        config: { baseUrl: 'https://fuzz.example.com', project: 'FUZZ' },
        secrets: { apiToken: 'fuzz-token' },
      })
      .expect(201);
    ownIds['/api/v1/instances'] = instance.body.id;
    const mapping = await s
      .http()
      .post('/api/v1/mappings')
      .set(bearer(s.keys.admin))
      .send({ ...MAPPING_FIXTURE, name: 'fuzz-target' })
      .expect(201);
    ownIds['/api/v1/mappings'] = mapping.body.id;
    const flow = await s
      .http()
      .post('/api/v1/flows')
      .set(bearer(s.keys.admin))
      .send({ ...FLOW_FIXTURE, name: 'fuzz-target' })
      .expect(201);
    ownIds['/api/v1/flows'] = flow.body.id;
  });
  afterAll(async () => {
    delete (Object.prototype as Record<string, unknown>).polluted;
    await s?.close();
  });

  const writeRoutes = () => s.routes.filter(isWrite);

  /** Each write route once with a random id, and updates also against a real tenant-A resource. */
  const targets = (): Array<{ route: RouteAccess; path: string; ifMatch?: string }> =>
    writeRoutes().flatMap((route) => {
      const out: Array<{ route: RouteAccess; path: string; ifMatch?: string }> = [
        { route, path: concretePath(route.path) },
      ];
      const own = route.path.includes('/:') ? ownIds[resourcePrefix(route.path)] : undefined;
      if (own && (route.method === 'PATCH' || route.method === 'PUT'))
        out.push({ route, path: concretePath(route.path, own), ifMatch: 'W/"1"' });
      return out;
    });

  const send = (target: { route: RouteAccess; path: string; ifMatch?: string }, payload: Payload) => {
    let req = s
      .http()
      [verb(target.route)](target.path)
      .set(bearer(s.keys.admin))
      .set('Content-Type', payload.contentType ?? 'application/json');
    if (target.ifMatch) req = req.set('If-Match', target.ifMatch);
    return req.send(payload.body);
  };

  const problemFailure = (res: Response, payload: Payload): string | undefined => {
    if (res.status < 400 || res.status >= 500) return `status ${res.status}: ${res.text.slice(0, 300)}`;
    if (payload.status !== undefined && res.status !== payload.status)
      return `status ${res.status}, expected ${payload.status}: ${res.text.slice(0, 300)}`;
    if (!/^application\/problem\+json/.test(String(res.headers['content-type'])))
      return `content-type ${res.headers['content-type']}`;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(res.text) as Record<string, unknown>;
    } catch {
      return `body is not JSON: ${res.text.slice(0, 200)}`;
    }
    if (body.status !== res.status || typeof body.title !== 'string' || typeof body.type !== 'string')
      return `not a problem: ${res.text.slice(0, 300)}`;
    if (res.text.length > 20_000) return `answer echoes the payload (${res.text.length} chars)`;
    return undefined;
  };

  it('covers the write routes', () => {
    expect(writeRoutes().length).toBeGreaterThan(0);
    expect(targets().length).toBeGreaterThan(writeRoutes().length);
  });

  it('answers every hostile body with a 4xx problem, pollutes nothing and changes no row', async () => {
    const before = await tableCounts(s.dataSource);
    const instanceBefore = await s
      .http()
      .get(`/api/v1/instances/${ownIds['/api/v1/instances']}`)
      .set(bearer(s.keys.admin))
      .expect(200);
    const failures: string[] = [];
    for (const target of targets()) {
      for (const payload of PAYLOADS) {
        const res = await send(target, payload);
        const failure = problemFailure(res, payload);
        if (failure) failures.push(`${label(target.route)} ${target.path} × ${payload.name}: ${failure}`);
      }
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(await tableCounts(s.dataSource)).toEqual(before);
    const instanceAfter = await s
      .http()
      .get(`/api/v1/instances/${ownIds['/api/v1/instances']}`)
      .set(bearer(s.keys.admin))
      .expect(200);
    expect(instanceAfter.body).toEqual(instanceBefore.body);
    // The app still works afterwards.
    await s.http().get('/api/v1/api-keys').set(bearer(s.keys.admin)).expect(200);
    await s.http().get('/readyz').expect(200);
  });
});
