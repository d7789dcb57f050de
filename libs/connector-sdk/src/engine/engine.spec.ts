import { validateEvent } from '@switchboard/events';
import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { IsInt, IsOptional, IsString, MinLength } from 'class-validator';
import { defineConnector } from '../define-connector';
import type { ConnectorEvent } from '../events/connector-event';
import type { ConnectorLogger } from '../logging';
import { Secret } from '../manifest/secret.decorator';
import type { InstanceLimits } from '../manifest/instance-limits';
import {
  sendJson,
  startScriptedHttpServer,
  type ScriptedHttpServer,
} from '../http/testing/scripted-http-server';
import { signWebhook, type HmacWebhookScheme } from '../webhooks';
import { bindConnector, pollPages, processWebhook, runAction, runCheck } from './index';

class Config {
  @IsString()
  region!: string;

  @Secret()
  @IsOptional()
  @IsString()
  hookToken?: string;

  @Secret()
  @IsOptional()
  @IsString()
  signingKey?: string;
}

class EchoInput {
  @IsString()
  @MinLength(1)
  text!: string;
}

class EchoOutput {
  @IsInt()
  length!: number;
}

const alert = (id: string, extra: Partial<ConnectorEvent> = {}): ConnectorEvent => ({
  type: 'io.switchboard.ops.alert.triggered.v1',
  subject: id,
  occurrenceKey: id,
  time: '2026-12-01T10:00:00.000Z',
  data: { dedupKey: id, status: 'triggered', severity: 'low', title: `alert ${id}` },
  ...extra,
});

const connector = defineConnector<Config, { at: number }>({
  manifest: {
    id: 'engine-test',
    version: '0.1.0',
    category: 'monitoring',
    displayName: 'Engine test',
    description: 'Exercises the engine.',
    configClass: Config,
    auth: [{ type: 'none' }],
    emits: ['io.switchboard.ops.alert.triggered.v1'],
    commands: {
      'text.echo': {
        description: 'Echoes the length.',
        input: EchoInput,
        output: EchoOutput,
        idempotent: true,
      },
      'text.broken': {
        description: 'Returns a bad output.',
        input: EchoInput,
        output: EchoOutput,
        idempotent: true,
      },
    },
    webhook: {
      auth: [
        { type: 'bearer', tokenSecret: 'hookToken' },
        {
          type: 'hmac',
          secret: 'signingKey',
          algorithm: 'sha256',
          header: 'x-signature',
          encoding: 'hex',
          signedPayload: '${timestamp}.${body}',
          timestamp: { header: 'x-timestamp', format: 'unix-seconds' },
        },
      ],
      maxBodyBytes: 1_000,
    },
    poll: { intervalMs: 60_000 },
  },
  hooks: {
    check: async (ctx) => ({
      ok: false,
      status: 'auth_failed',
      detail: `token ${ctx.config.hookToken} refused`,
    }),
    webhook: {
      verify: (_ctx, request) =>
        request.headers['x-tenant'] === 'evil'
          ? { ok: false, reason: 'bad_credentials', message: 'tenant header refused' }
          : { ok: true },
      parse(_ctx, request) {
        const body = request.body as { ids?: unknown; kind?: string };
        if (!Array.isArray(body.ids))
          throw SwitchboardError.validation('no ids', [{ path: 'ids', message: 'must be an array' }]);
        if (body.kind === 'foreign') return [alert('x', { type: 'io.switchboard.itsm.ticket.created.v1' })];
        if (body.kind === 'invalid') return [alert('y', { data: { dedupKey: 'y', status: 'nope' } })];
        return body.ids.map((id) => alert(String(id)));
      },
    },
    poll: {
      compareCursors: (a, b) => a.at - b.at,
      async *run(_ctx, cursor) {
        yield { events: [alert('p1')], cursor: { at: (cursor?.at ?? 0) + 1 } };
        yield { events: [], cursor: { at: 0 } };
      },
    },
    actions: {
      'text.echo': async (_ctx, input: EchoInput) => ({
        output: { length: input.text.length },
        events: [alert('echoed')],
      }),
      'text.broken': async () => ({ length: 'many' }) as unknown as EchoOutput,
    },
  },
});

const hmacScheme = connector.manifest.webhook!.auth[1] as HmacWebhookScheme;
const lines: string[] = [];
const logger: ConnectorLogger = {
  debug: (message, fields) => lines.push(message + JSON.stringify(fields ?? {})),
  info: (message, fields) => lines.push(message + JSON.stringify(fields ?? {})),
  warn: (message, fields) => lines.push(message + JSON.stringify(fields ?? {})),
  error: (message, fields) => lines.push(message + JSON.stringify(fields ?? {})),
};

function bound(
  secrets: Record<string, string> = { hookToken: 'tok-abcdef-123', signingKey: 'sign-key-456789' },
) {
  const result = bindConnector(connector, {
    tenantId: 'acme',
    instanceId: 'inst-1',
    config: { region: 'eu' },
    secrets,
    logger,
    now: () => new Date('2026-12-01T10:00:05.000Z'),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.instance;
}

const request = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', authorization: 'Bearer tok-abcdef-123', ...headers },
  rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  receivedAt: new Date('2026-12-01T10:00:05.000Z'),
});

describe('bindConnector', () => {
  it('refuses an invalid config with path-qualified errors and a secret sent as config', () => {
    const result = bindConnector(connector, {
      tenantId: 't',
      instanceId: 'i',
      config: { region: 3, hookToken: 'x' },
      secrets: {},
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual(
      expect.arrayContaining([
        { path: 'config.region', message: 'must be a string' },
        { path: 'config.hookToken', message: 'is a secret: send it in secrets' },
      ]),
    );
  });

  it('gives hooks a logger that redacts the instance secrets, and no HTTP client without an http hook', () => {
    const instance = bound();
    instance.context.logger.info('calling with tok-abcdef-123', { header: 'Bearer tok-abcdef-123' });
    expect(lines.at(-1)).not.toContain('tok-abcdef-123');
    expect(() => instance.context.http).toThrow(/declares no http hook/);
  });

  it('redacts secrets from a check detail', async () => {
    expect((await runCheck(bound())).detail).toBe('token [REDACTED] refused');
  });
});

describe('bindConnector: the instance limits over the manifest hint', () => {
  class HttpConfig {
    @IsString()
    baseUrl!: string;
  }
  /** A vendor hinting at one request at a time and 1000 per second. */
  const httpConnector = defineConnector<HttpConfig, never>({
    manifest: {
      id: 'engine-http-test',
      version: '0.1.0',
      category: 'ticketing',
      displayName: 'Engine HTTP test',
      description: 'Calls a loopback server.',
      configClass: HttpConfig,
      auth: [{ type: 'none' }],
      emits: [],
      rateLimit: { requestsPerSecond: 1000, maxConcurrent: 1 },
    },
    hooks: {
      http: (config) => ({ baseUrl: config.baseUrl }),
      check: async () => ({ ok: true, status: 'ok', detail: 'fine' }),
    },
  });

  let server: ScriptedHttpServer;
  let held: (() => void)[];
  const opened: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    held = [];
    // Answers are held until two requests are in flight (or 100 ms passed), so a test sees
    // whether more than one gets in, however slow the machine.
    server = await startScriptedHttpServer((_req, res) => {
      held.push(() => sendJson(res, 200, {}));
      const releaseAll = () => held.splice(0).forEach((release) => release());
      setTimeout(releaseAll, held.length >= 2 ? 10 : 100);
    });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((client) => client.close()));
    await server.close();
  });

  const clientFor = (limits: InstanceLimits | null) => {
    const result = bindConnector(httpConnector, {
      tenantId: 'acme',
      instanceId: 'inst-http',
      config: { baseUrl: server.url },
      secrets: {},
      limits,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    opened.push(result.instance.context.http);
    return result.instance.context.http;
  };
  const burst = (limits: InstanceLimits | null, count = 4) => {
    const http = clientFor(limits);
    return Promise.all(Array.from({ length: count }, (_, i) => http.get(`/item/${i}`)));
  };

  it('keeps the manifest budget without an override', async () => {
    await burst(null);
    expect(server.requests).toHaveLength(4);
    expect(server.maxConcurrent).toBe(1);
  });

  it('lets the override raise maxConcurrent', async () => {
    await burst({ maxConcurrent: 3 });
    expect(server.requests).toHaveLength(4);
    expect(server.maxConcurrent).toBeGreaterThan(1);
    expect(server.maxConcurrent).toBeLessThanOrEqual(3);
  });

  it('keeps the manifest maxConcurrent when the override sets only requestsPerSecond', async () => {
    await burst({ requestsPerSecond: 5000 });
    expect(server.requests).toHaveLength(4);
    expect(server.maxConcurrent).toBe(1);
  });

  it('paces requests to the override requestsPerSecond', async () => {
    const arrivals: number[] = [];
    await server.close();
    server = await startScriptedHttpServer((_req, res) => {
      arrivals.push(Date.now());
      sendJson(res, 200, {});
    });
    const firedAt = Date.now();
    await burst({ requestsPerSecond: 20, maxConcurrent: 4 }); // one every 50 ms
    // The k-th request cannot start before k intervals after the burst began: a lower bound
    // only, so slowness cannot fail it (1 ms a step for timer and clock rounding).
    expect(arrivals).toHaveLength(4);
    arrivals.forEach((at, k) => expect(at - firedAt).toBeGreaterThanOrEqual(k * 50 - k));
  });
});

describe('processWebhook', () => {
  it('turns an authenticated delivery into valid canonical events with deterministic ids', async () => {
    const first = await processWebhook(bound(), request({ ids: ['a', 'b'] }));
    const again = await processWebhook(bound(), request({ ids: ['a', 'b'] }));
    expect(first.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(first.events.map((e) => e.id)).toEqual(again.events.map((e) => e.id));
    expect(first.events[0]).toMatchObject({
      source: '/connectors/engine-test/inst-1',
      subject: 'a',
      tenantid: 'acme',
      originconnector: 'inst-1',
      partitionkey: 'a',
      time: '2026-12-01T10:00:00.000Z',
    });
    for (const event of first.events) expect(validateEvent(event).ok).toBe(true);
  });

  it('accepts any declared scheme: a valid HMAC signature inside the replay window', async () => {
    const raw = JSON.stringify({ ids: ['h'] });
    const signed = signWebhook(
      hmacScheme,
      { signingKey: 'sign-key-456789' },
      Buffer.from(raw),
      new Date('2026-12-01T10:00:00.000Z'),
    );
    const outcome = await processWebhook(bound(), request(raw, { authorization: '', ...signed }));
    expect(outcome).toMatchObject({ ok: true });
  });

  it.each([
    ['a body over the limit', request({ ids: [], pad: 'x'.repeat(1_000) }), 413, 'too_large'],
    [
      'another media type',
      request({ ids: [] }, { 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
    ],
    ['no credentials', request({ ids: [] }, { authorization: '' }), 401, 'missing_credentials'],
    ['a wrong token', request({ ids: [] }, { authorization: 'Bearer wrong-token' }), 403, 'bad_credentials'],
    [
      'the connector’s own verify refusing',
      request({ ids: [] }, { 'x-tenant': 'evil' }),
      403,
      'bad_credentials',
    ],
    ['malformed JSON', request('{"ids": ['), 422, 'invalid_payload'],
    ['a payload parse refuses', request({ nope: 1 }), 422, 'invalid_payload'],
    [
      'an event type the manifest does not emit',
      request({ ids: [], kind: 'foreign' }),
      422,
      'invalid_payload',
    ],
    ['an event that is not canonical', request({ ids: [], kind: 'invalid' }), 422, 'invalid_payload'],
  ])('refuses %s', async (_name, input, status, reason) => {
    const outcome = await processWebhook(bound(), input);
    expect(outcome).toMatchObject({ ok: false, status, reason });
  });

  it('refuses a stale signed timestamp, and every delivery when no webhook secret is set', async () => {
    const raw = JSON.stringify({ ids: ['h'] });
    const stale = signWebhook(
      hmacScheme,
      { signingKey: 'sign-key-456789' },
      Buffer.from(raw),
      new Date('2026-12-01T09:00:00.000Z'),
    );
    expect(await processWebhook(bound(), request(raw, { authorization: '', ...stale }))).toMatchObject({
      ok: false,
      status: 403,
      reason: 'stale_timestamp',
    });
    expect(await processWebhook(bound({}), request({ ids: [] }))).toMatchObject({
      ok: false,
      status: 401,
      reason: 'not_configured',
    });
  });

  it('names the failing fields of a parse refusal', async () => {
    const outcome = await processWebhook(bound(), request({ nope: 1 }));
    expect(!outcome.ok && 'errors' in outcome && outcome.errors).toEqual([
      { path: 'ids', message: 'must be an array' },
    ]);
    const invalid = await processWebhook(bound(), request({ ids: [], kind: 'invalid' }));
    expect(!invalid.ok && 'errors' in invalid && invalid.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: expect.stringMatching(/^events\[0\]\.data\./) }),
      ]),
    );
  });
});

describe('runAction', () => {
  const meta = { idempotencyKey: 'k', commandId: 'c', attempt: 1 };

  it('validates the input, runs the handler and validates the output', async () => {
    await expect(runAction(bound(), 'text.echo', { text: 'hello' }, meta)).resolves.toMatchObject({
      output: { length: 5 },
      events: [expect.objectContaining({ subject: 'echoed', source: '/connectors/engine-test/inst-1' })],
    });
    await expect(runAction(bound(), 'text.echo', { text: '', more: 1 }, meta)).rejects.toMatchObject({
      code: ErrorCode.Validation,
      fieldErrors: expect.arrayContaining([{ path: 'input.more', message: 'is not a known field' }]),
    });
  });

  it('treats a bad output and an unknown action as permanent (connector bugs, not retryable)', async () => {
    await expect(runAction(bound(), 'text.broken', { text: 'x' }, meta)).rejects.toMatchObject({
      code: ErrorCode.Permanent,
    });
    await expect(runAction(bound(), 'text.nope', { text: 'x' }, meta)).rejects.toMatchObject({
      code: ErrorCode.Permanent,
    });
  });
});

describe('pollPages', () => {
  it('yields validated pages and refuses a cursor that goes backwards', async () => {
    const pages = pollPages(bound(), { at: 5 });
    const first = await pages.next();
    expect(first.value).toMatchObject({
      cursor: { at: 6 },
      events: [expect.objectContaining({ subject: 'p1' })],
    });
    await expect(pages.next()).rejects.toMatchObject({
      code: ErrorCode.Permanent,
      message: expect.stringMatching(/backwards/),
    });
  });
});
