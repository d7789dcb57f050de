/**
 * Secrets and keys stay where they belong. Everything the hub writes to stdout/stderr (pino
 * writes straight to fd 1, so fs.write/fs.writeSync are captured as well as process.stdout), every
 * HTTP answer, every event on the bus and every audit entry is collected while instances are
 * created and changed with canary secrets, requests that misplace a canary are refused and keys
 * are created. No canary may appear anywhere; a full API key only in its one create response
 * (and the bootstrap key only in the start banner).
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { EVENT_BUS, type EventBus, type Subscription } from '@switchboard/bus';
import type { Response, Test } from 'supertest';
import { bearer, KEY_PATTERN, startSecurityHub, type SecurityHub } from './support/security-hub';

Logger.overrideLogger(['error']);

const canary = (name: string) => `s3cr3t-LEAK-CANARY-${name}-${randomBytes(6).toString('hex')}`;
const CANARY = {
  created: canary('created'),
  updated: canary('updated'),
  inConfig: canary('in-config'),
  unknownSecret: canary('unknown-secret'),
  unknownField: canary('unknown-field'),
  rejectedUpdate: canary('rejected-update'),
  wrongType: canary('wrong-type'),
  otherTenant: canary('other-tenant'),
};

interface Capture {
  output: string[];
  restore: () => void;
}

type WriteCallback = (error: NodeJS.ErrnoException | null, written: number, buffer: unknown) => void;

/** Captures fd 1 and 2 however they are written, without passing anything through. */
function captureOutput(): Capture {
  const output: string[] = [];
  const text = (data: unknown) =>
    typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(text(Buffer.isBuffer(chunk) || typeof chunk === 'string' ? chunk : Buffer.from(chunk)));
      return true;
    }),
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(text(Buffer.isBuffer(chunk) || typeof chunk === 'string' ? chunk : Buffer.from(chunk)));
      return true;
    }),
  ];
  const realWriteSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
  const writeSync = jest.spyOn(fs, 'writeSync').mockImplementation(((
    fd: number,
    data: unknown,
    ...rest: unknown[]
  ) => {
    if (fd !== 1 && fd !== 2) return realWriteSync(fd, data, ...rest);
    const chunk = text(data);
    output.push(chunk);
    return Buffer.byteLength(chunk);
  }) as typeof fs.writeSync);
  const realWrite = fs.write.bind(fs) as (...args: unknown[]) => void;
  const write = jest.spyOn(fs, 'write').mockImplementation(((
    fd: number,
    data: unknown,
    ...rest: unknown[]
  ) => {
    if (fd !== 1 && fd !== 2) return realWrite(fd, data, ...rest);
    const chunk = text(data);
    output.push(chunk);
    const callback = rest.find((arg) => typeof arg === 'function') as WriteCallback | undefined;
    if (callback) process.nextTick(() => callback(null, Buffer.byteLength(chunk), data));
  }) as typeof fs.write);
  return {
    output,
    restore: () => {
      for (const spy of [...spies, writeSync, write]) spy.mockRestore();
    },
  };
}

describe('security: no secret or key leaks', () => {
  let s: SecurityHub;
  let capture: Capture;
  let subscription: Subscription;
  const events: string[] = [];
  const responses: string[] = [];
  const createdKeys: string[] = [];

  /** Sends a request and keeps its whole answer (status line, headers, body). */
  const record = async (req: Test): Promise<Response> => {
    const res = await req;
    responses.push(JSON.stringify({ status: res.status, headers: res.headers, text: res.text }));
    return res;
  };

  beforeAll(async () => {
    s = await startSecurityHub('security-leak', {
      env: { LOG_LEVEL: 'trace' },
      beforeStart: () => {
        capture = captureOutput();
      },
    });
    const bus = s.hub.app.get<EventBus>(EVENT_BUS, { strict: false });
    subscription = await bus.subscribe({ durable: 'security-leak', filterSubject: 'evt.>' }, (event) => {
      events.push(JSON.stringify(event));
    });
  });
  afterAll(async () => {
    await subscription?.stop();
    await s?.close();
    capture?.restore();
  });

  it('creates, changes and tests instances, refuses misplaced secrets, creates keys, and leaks nothing', async () => {
    const admin = bearer(s.keys.admin);
    const editor = bearer(s.keys.editor);
    // Not a secret: it must show up where the secrets must not, proving those places are searched.
    const visible = `VISIBLE-MARKER-${randomBytes(4).toString('hex')}`;
    const config = { baseUrl: 'https://leak.example.com', project: visible };

    const created = await record(
      s
        .http()
        .post('/api/v1/instances')
        .set(editor)
        .send({
          connectorType: 'example',
          name: 'leak-target',
          config,
          secrets: { apiToken: CANARY.created },
        }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.secrets).toEqual({ apiToken: { set: true } });

    const updated = await record(
      s
        .http()
        .patch(`/api/v1/instances/${id}`)
        .set(editor)
        .set('If-Match', created.headers.etag)
        .send({ secrets: { apiToken: CANARY.updated }, name: 'leak-target-2' }),
    );
    expect(updated.status).toBe(200);

    // Misplaced or invalid canaries: each refused, none echoed, none stored.
    const refused: Array<[string, Test]> = [
      [
        'a secret sent in config',
        s
          .http()
          .post('/api/v1/instances')
          .set(editor)
          .send({
            connectorType: 'example',
            name: 'leak-in-config',
            config: { ...config, apiToken: CANARY.inConfig },
          }),
      ],
      [
        'an unknown secret',
        s
          .http()
          .post('/api/v1/instances')
          .set(editor)
          .send({
            connectorType: 'example',
            name: 'leak-unknown-secret',
            config,
            secrets: { apiToken: 'x', password: CANARY.unknownSecret },
          }),
      ],
      [
        'an unknown top-level field',
        s
          .http()
          .post('/api/v1/instances')
          .set(editor)
          .send({ connectorType: 'example', name: 'leak-unknown', config, password: CANARY.unknownField }),
      ],
      [
        'a valid secret in an invalid change',
        s
          .http()
          .patch(`/api/v1/instances/${id}`)
          .set(editor)
          .set('If-Match', updated.headers.etag)
          .send({ secrets: { apiToken: CANARY.rejectedUpdate }, config: { baseUrl: 'not a url' } }),
      ],
      [
        'a secret of the wrong type',
        s
          .http()
          .post('/api/v1/instances')
          .set(editor)
          .send({
            connectorType: 'example',
            name: 'leak-wrong-type',
            config,
            secrets: { apiToken: { nested: CANARY.wrongType } },
          }),
      ],
      [
        'a stale change',
        s
          .http()
          .patch(`/api/v1/instances/${id}`)
          .set(editor)
          .set('If-Match', 'W/"1"')
          .send({ secrets: { apiToken: CANARY.rejectedUpdate } }),
      ],
      [
        "another tenant's instance",
        s
          .http()
          .patch(`/api/v1/instances/${s.otherTenantIds['/api/v1/instances']}`)
          .set(admin)
          .set('If-Match', 'W/"1"')
          .send({ secrets: { apiToken: CANARY.otherTenant } }),
      ],
    ];
    for (const [what, req] of refused) {
      const res = await record(req);
      expect([what, res.status >= 400 && res.status < 500]).toEqual([what, true]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }

    // Reads, lists, test connection, delete: all answer without the secret.
    const read = await record(s.http().get(`/api/v1/instances/${id}`).set(admin));
    expect(read.body.secrets).toEqual({ apiToken: { set: true } });
    await record(s.http().get('/api/v1/instances?limit=200').set(admin));
    await record(s.http().post(`/api/v1/instances/${id}/test`).set(bearer(s.keys.operator)));
    await record(s.http().get('/api/v1/connector-types').set(admin));
    await record(s.http().get('/docs/openapi.json'));
    await record(s.http().get('/metrics'));

    // Keys: created through the API, each shown once.
    for (const role of ['viewer', 'admin'] as const) {
      const res = await record(
        s
          .http()
          .post('/api/v1/api-keys')
          .set(admin)
          .send({ name: `leak-${role}`, role }),
      );
      expect(res.status).toBe(201);
      createdKeys.push(res.body.key as string);
      const one = await record(s.http().get(`/api/v1/api-keys/${res.body.apiKey.id}`).set(admin));
      await record(
        s
          .http()
          .post(`/api/v1/api-keys/${res.body.apiKey.id}/revoke`)
          .set(admin)
          .set('If-Match', one.headers.etag),
      );
      // The revoked key is refused without being echoed.
      await record(s.http().get('/api/v1/api-keys').set(bearer(res.body.key)));
      await record(s.http().get('/api/v1/api-keys').set('X-Api-Key', res.body.key));
    }
    await record(s.http().get('/api/v1/api-keys?limit=200').set(admin));

    const deleted = await record(
      s.http().delete(`/api/v1/instances/${id}`).set(editor).set('If-Match', read.headers.etag),
    );
    expect(deleted.status).toBeLessThan(300);

    // Let in-process deliveries and async log writes drain.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const audit = JSON.stringify(await s.dataSource.query('SELECT * FROM audit_entries'));
    const stored = JSON.stringify(await s.dataSource.query('SELECT * FROM connector_instances'));
    const logs = capture.output.join('');
    const places: Record<string, string> = {
      logs,
      'start output': s.startOutput,
      responses: responses.join('\n'),
      events: events.join('\n'),
      audit,
      'connector_instances rows': stored,
    };

    // The capture and the subscription really saw things.
    // (Lines written while the hub starts land in the start output, with the banner.)
    expect(s.startOutput + logs).toMatch(/listening on/);
    expect(logs).toMatch(/"req":/);
    expect(events.some((event) => event.includes('instance.changed'))).toBe(true);
    expect(audit).toMatch(/instance/);
    expect(responses.join('\n')).toContain(visible);
    expect(events.join('\n') + audit).toContain('leak-target-2');

    const leaks: string[] = [];
    for (const [where, text] of Object.entries(places))
      for (const [name, value] of Object.entries(CANARY))
        if (text.includes(value)) leaks.push(`${name} in ${where}`);

    // Full keys: the bootstrap key only in the banner, created keys only in their create response.
    const realPrefixes = new Set(
      ((await s.dataSource.query('SELECT prefix FROM api_keys')) as { prefix: string }[]).map(
        (row) => row.prefix,
      ),
    );
    const bootstrapInStart = s.startOutput.split(s.bootstrapKey).length - 1;
    expect(bootstrapInStart).toBe(1);
    expect(s.startOutput).toMatch(/bootstrap admin API key/);
    for (const [where, text] of Object.entries(places)) {
      if (where === 'start output') {
        const others = (text.match(KEY_PATTERN) ?? []).filter(
          (key) => key !== s.bootstrapKey && realPrefixes.has(key.split('_')[1]!),
        );
        if (others.length) leaks.push(`${others.length} other key(s) in the start output`);
        continue;
      }
      for (const key of s.allKeys())
        if (text.includes(key)) leaks.push(`a harness key ${key.slice(0, 12)}… in ${where}`);
      for (const key of createdKeys) {
        const count = text.split(key).length - 1;
        const allowed = where === 'responses' ? 1 : 0;
        if (count !== allowed) leaks.push(`created key ${key.slice(0, 12)}… ${count}× in ${where}`);
      }
      // Nothing that looks like a full key beyond those create responses.
      // (The OpenAPI document carries a made-up example key: only real prefixes count.)
      const lookalikes = (text.match(KEY_PATTERN) ?? []).filter(
        (key) => !createdKeys.includes(key) && realPrefixes.has(key.split('_')[1]!),
      );
      if (lookalikes.length) leaks.push(`${lookalikes.join(', ')} in ${where}`);
    }
    expect(leaks).toEqual([]);
  });
});
