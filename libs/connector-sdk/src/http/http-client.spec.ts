import type { ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import type { ConnectorLogger } from '../logging';
import type { ConnectorHttpStatus } from './client-status';
import { ConnectorHttpClient } from './http-client';
import type { ConnectorHttpClientOptions } from './http-client.options';
import { ConnectorHttpError } from './http-error';
import { sendJson, startScriptedHttpServer } from './testing/scripted-http-server';
import type { ScriptedHandler, ScriptedHttpServer } from './testing/scripted-http-server';

const CANARY = 'canary-token-9f8e7d6c';
const NOW = Date.parse('2024-05-01T12:00:00Z');

interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

let server: ScriptedHttpServer;
let handler: ScriptedHandler;
let clients: ConnectorHttpClient[];
let sleeps: number[];
let logs: LogLine[];

const logger: ConnectorLogger = {
  debug: (message, fields) => logs.push({ level: 'debug', message, fields }),
  info: (message, fields) => logs.push({ level: 'info', message, fields }),
  warn: (message, fields) => logs.push({ level: 'warn', message, fields }),
  error: (message, fields) => logs.push({ level: 'error', message, fields }),
};

/** A client against the test server with fake waits, so retries cost no time. */
function client(options: Partial<ConnectorHttpClientOptions> = {}): ConnectorHttpClient {
  const created = new ConnectorHttpClient({
    baseUrl: server.url,
    logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  clients.push(created);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<ConnectorHttpError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorHttpError);
    expect(error).toBeInstanceOf(SwitchboardError);
    return error as ConnectorHttpError;
  }
  throw new Error('expected the request to fail');
}

/** Polls until `condition` holds; for state changes driven by real timers (the breaker's reset). */
async function eventually(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

beforeEach(async () => {
  clients = [];
  sleeps = [];
  logs = [];
  handler = (_req, res) => sendJson(res, 200, { ok: true });
  server = await startScriptedHttpServer((req, res, index) => handler(req, res, index));
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

describe('requests', () => {
  it('joins paths to the base path, encodes query parameters and parses JSON', async () => {
    handler = (_req, res) => sendJson(res, 200, { id: 'ABC-1' });
    const http = client({ baseUrl: `${server.url}/jira/`, userAgent: 'sb-test' });
    const response = await http.get<{ id: string }>('/rest/api/2/issue', {
      query: { jql: 'project = "OPS" & x', fields: ['a', 'b'], skip: undefined },
    });
    expect(response).toMatchObject({ status: 200, data: { id: 'ABC-1' }, attempts: 1 });
    expect(server.requests[0].url).toBe(
      '/jira/rest/api/2/issue?jql=project+%3D+%22OPS%22+%26+x&fields=a&fields=b',
    );
    expect(server.requests[0].headers).toMatchObject({ 'user-agent': 'sb-test', accept: 'application/json' });
  });

  it('sends JSON bodies and returns text and binary bodies when asked', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.body);
    };
    const http = client();
    const echoed = await http.post<string>('/echo', { summary: 'x' }, { responseType: 'text' });
    expect(echoed.data).toBe('{"summary":"x"}');
    expect(server.requests[0].headers['content-type']).toContain('application/json');
    const bytes = await http.put<Buffer>('/echo', 'raw', { responseType: 'buffer' });
    expect(Buffer.isBuffer(bytes.data) && bytes.data.toString()).toBe('raw');
  });

  it('returns undefined for an empty JSON body', async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    expect((await client().delete('/x')).data).toBeUndefined();
  });

  it('refuses invalid options with every problem listed', () => {
    expect(() => client({ timeoutMs: 0, retry: { maxAttempts: 1.5 } })).toThrow(
      'Invalid HTTP client options: timeoutMs must be a positive number, retry.maxAttempts must be a positive integer',
    );
    expect(() => client({ baseUrl: 'ftp://x' })).toThrow('baseUrl must be http or https');
    expect(() => client({ baseUrl: 'https://u:p@x.test' })).toThrow('must not contain credentials');
  });

  it('sends form bodies as such and returns a non-JSON body as text', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    };
    const response = await client().post(
      '/oauth/token',
      new URLSearchParams({ grant_type: 'x', scope: 'a b' }),
    );
    expect(response.data).toBe('<html>maintenance</html>');
    expect(server.requests[0].body).toBe('grant_type=x&scope=a+b');
    expect(server.requests[0].headers['content-type']).toBe(
      'application/x-www-form-urlencoded;charset=utf-8',
    );
  });

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
  ])('asks for compressed bodies and decodes %s', async (encoding, compress) => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      res.end(compress(Buffer.from(JSON.stringify({ issues: ['A-1', 'A-2'] }))));
    };
    expect((await client().get('/search')).data).toEqual({ issues: ['A-1', 'A-2'] });
    expect(server.requests[0].headers['accept-encoding']).toContain(encoding);
  });

  it.each([
    ['declared', (res: ServerResponse) => sendJson(res, 200, { blob: 'x'.repeat(2_000) })],
    [
      'streamed',
      (res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length up front
        for (let i = 0; i < 20; i++) res.write('x'.repeat(100));
        res.end();
      },
    ],
    [
      'decompressed',
      (res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(Buffer.from('x'.repeat(100_000)))); // a few hundred bytes on the wire
      },
    ],
  ])('refuses a response body over maxResponseBytes (%s), as permanent', async (_, answer) => {
    handler = (_req, res) => answer(res);
    const error = await failure(client({ maxResponseBytes: 1_000 }).get('/big'));
    expect(error.code).toBe(ErrorCode.Permanent);
    expect(error.details.kind).toBe('network');
    expect(error.message).toMatch(/^GET \/big failed: .*\b1000\b/); // names the limit
    expect(server.requests).toHaveLength(1); // not repeated
  });

  it('follows a 303 after a POST with a GET, and a 307 with the same POST', async () => {
    handler = (req, res) => {
      if (req.url === '/issues') res.writeHead(303, { location: '/issues/7' });
      else if (req.url === '/moved') res.writeHead(307, { location: '/issues?again=1' });
      else return sendJson(res, 200, { method: req.method, body: req.body });
      res.end();
    };
    const http = client();
    expect((await http.post('/issues', { subject: 's' })).data).toEqual({ method: 'GET', body: '' });
    server.requests.length = 0;
    const kept = await http.post('/moved', { subject: 's' });
    expect(kept.data).toEqual({ method: 'POST', body: '{"subject":"s"}' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /moved',
      'POST /issues?again=1',
    ]);
  });

  it('gives up after five redirects, as permanent', async () => {
    handler = (req, res) => {
      res.writeHead(302, { location: `/hop${server.requests.length}` });
      res.end();
    };
    const error = await failure(client().get('/hop0'));
    expect(error.code).toBe(ErrorCode.Permanent);
    expect(error.details.transportCode).toMatch(/TOO_MANY_REDIRECTS$/);
    expect(server.requests).toHaveLength(6);
  });

  it('reuses a kept-alive socket without switching its keep-alive settings at every request', async () => {
    // axios sets a 60 s keep-alive delay on each request's socket and the agent sets its own when
    // the socket goes back to the pool: when they differ, each request costs two setsockopt calls.
    const setKeepAlive = jest.spyOn(Socket.prototype, 'setKeepAlive');
    try {
      const http = client();
      for (let i = 0; i < 3; i++) await http.get('/x');
      const ports = new Set(server.requests.map((request) => request.remotePort));
      expect(ports.size).toBe(1); // one socket, kept alive
      const delays = new Set(setKeepAlive.mock.calls.map(([, delay]) => delay));
      expect(setKeepAlive.mock.calls.length).toBeGreaterThanOrEqual(3);
      expect([...delays]).toEqual([60_000]);
    } finally {
      setKeepAlive.mockRestore();
    }
  });

  it('fails with code permanent after close', async () => {
    const http = client();
    await http.close();
    expect((await failure(http.get('/x'))).code).toBe(ErrorCode.Permanent);
    expect(server.requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries a GET on 503 with jittered exponential backoff until it succeeds', async () => {
    handler = (_req, res, i) => sendJson(res, i < 2 ? 503 : 200, { attempt: i });
    const response = await client().get('/flaky');
    expect(server.requests).toHaveLength(3);
    expect(response).toMatchObject({ status: 200, attempts: 3, data: { attempt: 2 } });
    expect(sleeps).toEqual([100, 200]); // random() = 0.5 of 200 ms, 400 ms
  });

  it('gives up after maxAttempts with code retryable and the attempt count in the message', async () => {
    handler = (_req, res) => sendJson(res, 502, { message: 'upstream down' });
    const error = await failure(client({ retry: { maxAttempts: 3 } }).get('/down'));
    expect(server.requests).toHaveLength(3);
    expect(error.code).toBe(ErrorCode.Retryable);
    expect(error.message).toBe('GET /down failed with 502: upstream down (after 3 attempts)');
    expect(error.details).toMatchObject({ kind: 'status', status: 502, attempts: 3 });
  });

  it.each([[408], [500], [504]])('retries %d', async (status) => {
    handler = (_req, res, i) => sendJson(res, i === 0 ? status : 200, {});
    await client().get('/x');
    expect(server.requests).toHaveLength(2);
  });

  it.each([[400], [401], [403], [404], [409], [422], [501]])('does not retry %d', async (status) => {
    handler = (_req, res) => sendJson(res, status, {});
    await failure(client().get('/x'));
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a POST (a lost response may hide a created record), unless told to', async () => {
    handler = (_req, res, i) => sendJson(res, i === 0 ? 503 : 201, { id: 1 });
    const error = await failure(client().post('/issues', { summary: 'x' }));
    expect(server.requests).toHaveLength(1);
    expect(error.code).toBe(ErrorCode.Retryable);

    const created = await client().post('/issues', { summary: 'x' }, { retry: true });
    expect(created.status).toBe(201);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a PATCH by default, and retries a PUT', async () => {
    handler = (_req, res) => sendJson(res, 500, {});
    await failure(client().patch('/x', {}));
    expect(server.requests).toHaveLength(1);
    await failure(client({ retry: { maxAttempts: 2 } }).put('/x', {}));
    expect(server.requests).toHaveLength(3);
  });

  it('retries timeouts and reports them as retryable', async () => {
    handler = () => undefined; // never answers
    const error = await failure(client({ timeoutMs: 30, retry: { maxAttempts: 2 } }).get('/slow'));
    expect(server.requests).toHaveLength(2);
    expect(error.code).toBe(ErrorCode.Retryable);
    expect(error.details.kind).toBe('timeout');
    expect(error.message).toBe('GET /slow timed out after 30 ms (after 2 attempts)');
  });

  it('retries connection failures and names the transport error', async () => {
    const closed = await startScriptedHttpServer(() => undefined);
    await closed.close();
    const error = await failure(client({ baseUrl: closed.url, retry: { maxAttempts: 2 } }).get('/x'));
    expect(error.code).toBe(ErrorCode.Retryable);
    expect(error.details).toMatchObject({ kind: 'network', transportCode: 'ECONNREFUSED', attempts: 2 });
    expect(error.message).toContain('ECONNREFUSED');
    expect(sleeps).toHaveLength(1);
  });

  it('stops waiting between attempts when the caller aborts', async () => {
    const controller = new AbortController();
    handler = (_req, res) => sendJson(res, 500, {});
    const http = client({
      sleep: () => {
        controller.abort();
        return new Promise<void>(() => undefined); // a wait that would never end by itself
      },
    });
    const error = await failure(http.get('/x', { signal: controller.signal }));
    expect(error.details.kind).toBe('aborted');
    expect(server.requests).toHaveLength(1);
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    handler = () => controller.abort();
    const error = await failure(client().get('/x', { signal: controller.signal }));
    expect(error.details.kind).toBe('aborted');
    expect(server.requests).toHaveLength(1);
  });
});

describe('Retry-After and rate limits', () => {
  it('waits the delta-seconds Retry-After of a 429, and reports the rate limit as status', async () => {
    const statuses: ConnectorHttpStatus[] = [];
    handler = (_req, res, i) =>
      i === 0 ? sendJson(res, 429, {}, { 'retry-after': '2' }) : sendJson(res, 200, {});
    const http = client({ now: () => NOW, onStatus: (s) => statuses.push(s) });
    await http.get('/x');
    expect(sleeps).toEqual([2000]);
    expect(statuses[0]).toEqual({ circuit: 'closed', rateLimitedUntil: new Date(NOW + 2000) });
    expect(http.status()).toEqual({ circuit: 'closed', lastSuccessAt: new Date(NOW) });
  });

  it('waits until the HTTP-date of a Retry-After', async () => {
    const at = new Date(NOW + 5000).toUTCString();
    handler = (_req, res, i) =>
      i === 0 ? sendJson(res, 503, {}, { 'retry-after': at }) : sendJson(res, 200, {});
    await client({ now: () => NOW }).get('/x');
    expect(sleeps).toEqual([5000]);
  });

  it('uses X-RateLimit-Reset when there is no Retry-After', async () => {
    handler = (_req, res, i) =>
      i === 0
        ? sendJson(
            res,
            429,
            {},
            { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 7) },
          )
        : sendJson(res, 200, {});
    await client({ now: () => NOW }).get('/x');
    expect(sleeps).toEqual([7000]);
  });

  it('fails fast with rate_limited and retryAfterMs when the wait is longer than the client waits', async () => {
    handler = (_req, res) => sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '120' });
    const http = client({ now: () => NOW });
    const error = await failure(http.get('/x'));
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(error.code).toBe(ErrorCode.RateLimited);
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.message).toBe('GET /x failed with 429: slow down (vendor asked to wait 120 s)');
    expect(http.status()).toMatchObject({ rateLimitedUntil: new Date(NOW + 120_000) });

    // The whole instance is held back: the next request is not even sent.
    const next = await failure(http.get('/other'));
    expect(server.requests).toHaveLength(1);
    expect(next).toMatchObject({ code: ErrorCode.RateLimited, retryAfterMs: 120_000 });
    expect(next.details.kind).toBe('rate_limited');
  });

  it('ends with rate_limited when every attempt was throttled', async () => {
    handler = (_req, res) => sendJson(res, 429, {}, { 'retry-after': '1' });
    const error = await failure(client({ now: () => NOW, retry: { maxAttempts: 2 } }).get('/x'));
    expect(server.requests).toHaveLength(2);
    expect(error).toMatchObject({ code: ErrorCode.RateLimited, retryAfterMs: 1000 });
  });

  it('reports a 503 with Retry-After on a POST as rate_limited, without repeating the POST', async () => {
    handler = (_req, res) => sendJson(res, 503, {}, { 'retry-after': '3' });
    const error = await failure(client({ now: () => NOW }).post('/x', {}));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: ErrorCode.RateLimited, retryAfterMs: 3000 });
  });

  it('holds the next request when a success says the budget is spent', async () => {
    handler = (_req, res) =>
      sendJson(res, 200, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 4) });
    const http = client({ now: () => NOW });
    await http.get('/a');
    expect(http.status().rateLimitedUntil).toEqual(new Date(NOW + 4000));
    await http.get('/b');
    expect(sleeps).toEqual([4000]);
  });

  it('keeps the per-instance concurrency budget across all callers', async () => {
    // Answers are held until two requests are in flight (or 100 ms passed), so the test sees
    // whether a third one gets in, however slow the machine.
    let held: Array<() => void> = [];
    handler = (req, res) => {
      held.push(() => sendJson(res, req.url === '/item/5' ? 404 : 200, {}));
      const releaseAll = () => {
        const batch = held;
        held = [];
        batch.forEach((release) => release());
      };
      if (held.length >= 2) setTimeout(releaseAll, 10);
      else setTimeout(releaseAll, 100);
    };
    const http = client({ rateLimit: { maxConcurrent: 2 } });
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => http.get(`/item/${i}`)));
    expect(
      results.map((r) => (r.status === 'rejected' ? (r.reason as ConnectorHttpError).code : r.status)),
    ).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', ErrorCode.NotFound]);
    expect(server.requests).toHaveLength(6);
    expect(server.maxConcurrent).toBe(2);
  });

  it('spreads requests to the requests-per-second budget', async () => {
    const arrivals: number[] = [];
    handler = (_req, res) => {
      arrivals.push(performance.now());
      sendJson(res, 200, {});
    };
    // The budget's one token refills from the client's creation: the 4th request cannot leave
    // before 3 × 25 ms after it, and arrives later still. Measured from there, not from the first
    // arrival (which a slow first connection delays, shrinking the gap), so slowness cannot fail it.
    const start = performance.now();
    const http = client({ rateLimit: { requestsPerSecond: 40 } }); // one every 25 ms
    await Promise.all(Array.from({ length: 4 }, () => http.get('/x')));
    expect(arrivals).toHaveLength(4);
    expect(arrivals[3]! - start).toBeGreaterThanOrEqual(3 * 25 - 1);
  });
});

describe('error mapping', () => {
  it.each([
    [401, ErrorCode.Auth],
    [403, ErrorCode.Auth],
    [404, ErrorCode.NotFound],
    [410, ErrorCode.NotFound],
    [409, ErrorCode.Conflict],
    [412, ErrorCode.Conflict],
    [400, ErrorCode.Validation],
    [405, ErrorCode.Permanent],
    [429, ErrorCode.RateLimited],
    [501, ErrorCode.Permanent],
    [503, ErrorCode.Retryable],
  ])('%d → %s', async (status, code) => {
    handler = (_req, res) => sendJson(res, status, { message: 'vendor says no' });
    const error = await failure(client({ retry: { maxAttempts: 1 } }).get('/rest/thing/7'));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`GET /rest/thing/7 failed with ${status}: vendor says no`);
  });

  it('maps a Jira 422 to validation with the vendor message and field errors', async () => {
    const jira = {
      errorMessages: [],
      errors: {
        summary: 'You must specify a summary of the issue.',
        priority: 'Priority name "P9" is not valid',
      },
    };
    handler = (_req, res) => sendJson(res, 422, jira);
    const error = await failure(client().post('/rest/api/2/issue', {}));
    expect(error.code).toBe(ErrorCode.Validation);
    expect(error.message).toBe(
      'POST /rest/api/2/issue failed with 422: summary: You must specify a summary of the issue.; priority: Priority name "P9" is not valid',
    );
    expect(error.fieldErrors).toEqual([
      { path: 'summary', message: 'You must specify a summary of the issue.' },
      { path: 'priority', message: 'Priority name "P9" is not valid' },
    ]);
    expect(error.details.body).toEqual(jira);
  });

  it('treats an unfollowed redirect as permanent', async () => {
    handler = (_req, res) => {
      res.writeHead(300, { location: '/elsewhere' });
      res.end();
    };
    expect((await failure(client().get('/x'))).code).toBe(ErrorCode.Permanent);
  });
});

describe('secrets', () => {
  it('never puts a secret in error messages, error details or logs', async () => {
    handler = (req, res) =>
      sendJson(res, 401, {
        message: `token ${CANARY} rejected for ${req.url}`,
        echo: req.headers.authorization,
        access_token: 'vendor-issued-value',
      });
    const http = client({ auth: { type: 'bearer', token: CANARY }, secrets: ['instance-password-1'] });
    const error = await failure(http.get(`/users/${CANARY}`, { query: { q: 'instance-password-1' } }));

    expect(server.requests[0].headers.authorization).toBe(`Bearer ${CANARY}`);
    const everything = JSON.stringify({
      message: error.message,
      details: error.details,
      logs,
      status: http.status(),
    });
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain('instance-password-1');
    expect(everything).not.toContain('vendor-issued-value');
    expect(error.message).toBe(
      'GET /users/[REDACTED]?q failed with 401: token [REDACTED] rejected for /users/[REDACTED]?q=[REDACTED]',
    );
    expect(error.code).toBe(ErrorCode.Auth);
  });

  it('keeps a query-string credential out of logs, errors and the returned URL', async () => {
    handler = (req, res) => sendJson(res, req.url?.includes('fail') ? 500 : 200, { url: req.url });
    const http = client({
      auth: { type: 'query', name: 'api_key', value: CANARY },
      retry: { maxAttempts: 1 },
    });
    const ok = await http.get('/ok', { query: { page: 2 } });
    expect(server.requests[0].url).toBe(`/ok?page=2&api_key=${CANARY}`);
    expect(ok.url).toBe(`${server.url}/ok?page=2`);
    const error = await failure(http.get('/fail'));
    expect(JSON.stringify({ logs, error: error.message, details: error.details })).not.toContain(CANARY);
  });

  it('sends basic and header credentials, registered as secrets', async () => {
    handler = (req, res) =>
      sendJson(res, 500, { echo: [req.headers.authorization, req.headers['x-api-key']] });
    const basic = client({
      auth: { type: 'basic', username: 'bot', password: CANARY },
      retry: { maxAttempts: 1 },
    });
    const basicError = await failure(basic.get('/x'));
    expect(server.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from(`bot:${CANARY}`).toString('base64')}`,
    );
    const header = client({
      auth: { type: 'header', name: 'X-Api-Key', value: CANARY },
      retry: { maxAttempts: 1 },
    });
    const headerError = await failure(header.get('/x'));
    expect(server.requests[1].headers['x-api-key']).toBe(CANARY);
    const text = JSON.stringify([basicError.details, headerError.details, logs]);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(Buffer.from(`bot:${CANARY}`).toString('base64'));
  });

  it('logs method, path, status, duration and attempt, and never the Authorization header', async () => {
    handler = (_req, res, i) => sendJson(res, i === 0 ? 500 : 200, {});
    await client({ auth: { type: 'bearer', token: CANARY } }).get('/issues/1', { query: { expand: 'x' } });
    expect(logs.map((line) => [line.level, line.message, line.fields?.status, line.fields?.attempt])).toEqual(
      [
        ['warn', 'vendor request failed, retrying', 500, 1],
        ['debug', 'vendor request', 200, 2],
      ],
    );
    expect(logs[1].fields).toMatchObject({ method: 'GET', path: '/issues/1?expand' });
    expect(typeof logs[1].fields?.durationMs).toBe('number');
    expect(JSON.stringify(logs)).not.toMatch(/authorization|Bearer/i);
  });
});

describe('token refresh', () => {
  it('asks the auth function for a fresh token after a 401, once', async () => {
    const contexts: unknown[] = [];
    let token = 'expired-token-1';
    handler = (req, res) =>
      sendJson(res, req.headers.authorization === 'Bearer fresh-token-2' ? 201 : 401, {});
    const http = client({
      auth: async (context) => {
        contexts.push(context);
        if (context.refresh) token = 'fresh-token-2';
        return { Authorization: `Bearer ${token}` };
      },
    });
    const response = await http.post('/issues', {});
    expect(response.status).toBe(201);
    expect(contexts).toEqual([
      { method: 'POST', url: `${server.url}/issues`, attempt: 1, refresh: false },
      { method: 'POST', url: `${server.url}/issues`, attempt: 2, refresh: true },
    ]);

    token = 'revoked-token-3';
    handler = (_req, res) => sendJson(res, 401, { message: 'token revoked-token-3 is revoked' });
    const error = await failure(http.get('/x'));
    expect(error.code).toBe(ErrorCode.Auth);
    expect(error.message).not.toContain('revoked-token-3');
  });
});

describe('auth function failures', () => {
  it('keeps the code of a SwitchboardError the auth function throws, without sending', async () => {
    const http = client({
      auth: async () => {
        throw SwitchboardError.auth(`refresh token ${CANARY} was revoked`);
      },
      secrets: [CANARY],
    });
    const error = await failure(http.get('/x'));
    expect(error).toMatchObject({ code: ErrorCode.Auth });
    expect(error.details.kind).toBe('auth');
    expect(error.message).toBe('GET /x not sent: auth failed: refresh token [REDACTED] was revoked');
    expect(server.requests).toHaveLength(0);
  });

  it('retries when the token endpoint was unreachable', async () => {
    let calls = 0;
    const http = client({
      retry: { maxAttempts: 2 },
      auth: async () => {
        calls++;
        if (calls === 1) throw new Error('connect ECONNREFUSED token endpoint');
        return { authorization: 'Bearer fine-token' };
      },
    });
    expect((await http.get('/x')).status).toBe(200);
    expect(calls).toBe(2);
  });
});

describe('destinations', () => {
  it('refuses a host outside the allow-list before connecting', async () => {
    const http = client({ allowedHosts: ['api.example.com', '*.atlassian.net'] });
    const error = await failure(http.get('/x'));
    expect(error.code).toBe(ErrorCode.Permanent);
    expect(error.details.kind).toBe('refused');
    expect(error.message).toBe("GET /x refused: Host 127.0.0.1 is not in this instance's allowed hosts");
    expect(server.requests).toHaveLength(0);
    expect(http.status().lastError).toMatchObject({ code: ErrorCode.Permanent });
  });

  it('allows listed hosts and refuses redirects leaving the list', async () => {
    handler = (req, res) => {
      if (req.url === '/go') {
        res.writeHead(302, { location: `http://localhost:${server.port}/there` });
        res.end();
      } else sendJson(res, 200, {});
    };
    const http = client({ allowedHosts: ['127.0.0.1'] });
    expect((await http.get('/here')).status).toBe(200);
    const error = await failure(http.get('/go'));
    expect(error.details.kind).toBe('refused');
    expect(error.message).toContain('Host localhost is not');
    expect(server.requests.map((r) => r.url)).toEqual(['/here', '/go']);
  });

  it('refuses a name resolving to the cloud metadata address, at connection time', async () => {
    const resolved: string[] = [];
    const http = client({
      baseUrl: `http://rebind.example.test:${server.port}`,
      resolve: async (hostname) => {
        resolved.push(hostname);
        return [{ address: '169.254.169.254', family: 4 }];
      },
      retry: { maxAttempts: 1 },
    });
    const error = await failure(http.get('/latest/meta-data/'));
    expect(resolved).toEqual(['rebind.example.test']);
    expect(error).toMatchObject({ code: ErrorCode.Permanent });
    expect(error.details.kind).toBe('refused');
    expect(error.message).toContain('resolves to 169.254.169.254, which is a cloud metadata endpoint');
  });

  it('connects through the guarded resolver when the address is fine', async () => {
    const http = client({
      baseUrl: `http://tools.internal.test:${server.port}`,
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    expect((await http.get('/x')).status).toBe(200);
    expect(server.requests[0].headers.host).toBe(`tools.internal.test:${server.port}`);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', {}],
    ['http://[fd00:ec2::254]/', {}],
    ['http://metadata.google.internal/computeMetadata/v1/', {}],
    ['http://100.100.100.200/', {}],
    ['http://169.254.10.1/', {}],
    ['http://[fe80::1]/', {}],
    ['http://169.254.169.254/', { allowLinkLocal: true }],
  ])('refuses %s (%j)', async (url, options) => {
    const error = await failure(client({ ...options, resolve: async () => [] }).get(url));
    expect(error.details.kind).toBe('refused');
  });

  it('refuses loopback only when private networks are denied', async () => {
    const error = await failure(client({ denyPrivateNetworks: true }).get('/x'));
    expect(error.message).toContain('Address 127.0.0.1 is on a private network');
    // Through the system resolver: the name is fine, the address it resolves to is not.
    const byName = await failure(
      client({
        baseUrl: `http://localhost:${server.port}`,
        denyPrivateNetworks: true,
        retry: { maxAttempts: 1 },
      }).get('/x'),
    );
    expect(byName.message).toMatch(
      /^GET \/x refused: Host localhost resolves to (127\.0\.0\.1|::1), which is on a private network$/,
    );
    expect(server.requests).toHaveLength(0);
    expect((await client({ baseUrl: `http://localhost:${server.port}` }).get('/x')).status).toBe(200);
  });

  it('sends credentials only to the baseUrl origin', async () => {
    const other = await startScriptedHttpServer((_req, res) => sendJson(res, 200, {}));
    try {
      const http = client({ auth: { type: 'bearer', token: CANARY } });
      await http.get(`${other.url}/download`);
      await http.get('/api');
      expect(other.requests[0].headers.authorization).toBeUndefined();
      expect(server.requests[0].headers.authorization).toBe(`Bearer ${CANARY}`);
    } finally {
      await other.close();
    }
  });
  it('drops credentials when a redirect leaves the baseUrl origin', async () => {
    const other = await startScriptedHttpServer((_req, res) => sendJson(res, 200, { elsewhere: true }));
    try {
      handler = (_req, res) => {
        res.writeHead(302, { location: `${other.url}/file` });
        res.end();
      };
      for (const auth of [
        { type: 'header', name: 'X-Api-Key', value: CANARY },
        { type: 'bearer', token: CANARY },
      ] as const) {
        const response = await client({ auth }).get('/attachment');
        expect(response.data).toEqual({ elsewhere: true });
      }
      expect(server.requests[0].headers['x-api-key']).toBe(CANARY);
      expect(other.requests.map((r) => [r.headers['x-api-key'], r.headers.authorization])).toEqual([
        [undefined, undefined],
        [undefined, undefined],
      ]);
    } finally {
      await other.close();
    }
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, fails fast, half-opens and closes on a good probe', async () => {
    const statuses: string[] = [];
    let release: () => void = () => undefined;
    handler = (_req, res, i) => {
      if (i < 2) return sendJson(res, 503, {});
      // The probe: held until the test has checked that nothing else gets through.
      release = () => sendJson(res, 200, { probe: true });
    };
    const http = client({
      retry: { maxAttempts: 1 },
      circuitBreaker: { failureThreshold: 2, resetAfterMs: 250 },
      onStatus: (s) => statuses.push(s.circuit),
    });

    await failure(http.get('/a'));
    expect(http.status().circuit).toBe('closed');
    await failure(http.get('/a'));
    expect(http.status().circuit).toBe('open');

    const fast = await failure(http.get('/a'));
    expect(server.requests).toHaveLength(2);
    expect(fast.code).toBe(ErrorCode.Retryable);
    expect(fast.details.kind).toBe('circuit_open');
    expect(fast.message).toMatch(/^GET \/a not sent: circuit open, next probe in \d+ s$/);
    expect(fast.retryAfterMs).toBeGreaterThanOrEqual(0);
    expect(fast.retryAfterMs).toBeLessThanOrEqual(250);

    await eventually(() => http.status().circuit === 'half-open');
    const probe = http.get('/a');
    await eventually(() => server.requests.length === 3);
    const other = await failure(http.get('/a'));
    expect(other.details.kind).toBe('circuit_open');
    expect(other.message).toContain('half-open');
    release();
    expect((await probe).data).toEqual({ probe: true });
    expect(http.status().circuit).toBe('closed');
    expect(statuses).toEqual(expect.arrayContaining(['open', 'half-open', 'closed']));
  });

  it('re-opens when the half-open probe fails, and ignores answers about data', async () => {
    handler = (req, res) => sendJson(res, req.url === '/missing' ? 404 : 500, {});
    const http = client({
      retry: { maxAttempts: 1 },
      circuitBreaker: { failureThreshold: 2, resetAfterMs: 250 },
    });
    await failure(http.get('/a'));
    await failure(http.get('/missing')); // a 404 proves the vendor is up: resets the count
    await failure(http.get('/a'));
    expect(http.status().circuit).toBe('closed');
    await failure(http.get('/a'));
    expect(http.status().circuit).toBe('open');
    await eventually(() => http.status().circuit === 'half-open');
    await failure(http.get('/a'));
    expect(http.status().circuit).toBe('open');
  });

  it('stops retrying a request once the circuit opens under it', async () => {
    handler = (_req, res) => sendJson(res, 500, {});
    const error = await failure(
      client({ circuitBreaker: { failureThreshold: 2, resetAfterMs: 60_000 } }).get('/a'),
    );
    expect(server.requests).toHaveLength(2);
    expect(error.details.kind).toBe('circuit_open');
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });
});

describe('status', () => {
  it('records health-relevant errors and successes, not answers about data', async () => {
    let at = NOW;
    handler = (req, res) => sendJson(res, req.url === '/missing' ? 404 : req.url === '/down' ? 500 : 200, {});
    const updates: ConnectorHttpStatus[] = [];
    const http = client({ now: () => at, retry: { maxAttempts: 1 }, onStatus: (s) => updates.push(s) });
    expect(http.status()).toEqual({ circuit: 'closed' });

    await failure(http.get('/missing'));
    expect(http.status()).toEqual({ circuit: 'closed' });
    await failure(http.get('/down'));
    expect(http.status().lastError).toEqual({
      code: ErrorCode.Retryable,
      message: 'GET /down failed with 500',
      at: new Date(NOW),
    });
    at += 1000;
    await http.get('/ok');
    at += 1000;
    await http.get('/ok');
    expect(http.status().lastSuccessAt).toEqual(new Date(NOW + 2000));
    // Published on the error and on the recovery, not on every success.
    expect(updates).toHaveLength(2);
  });
});
