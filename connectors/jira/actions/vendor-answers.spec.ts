import { randomUUID } from 'node:crypto';
import {
  ErrorCode,
  MemoryStateStore,
  runAction,
  runCheck,
  type SwitchboardError,
} from '@switchboard/connector-sdk';
import type { FakeJira, FakeReply } from '../testing/fake-jira';
import { bindJira, startTestJira } from '../testing/jira-testing';

// What Jira (or something in front of it) may answer besides the happy path, and what the hub
// makes of it: a typed error carrying the vendor's message, whose code sends the command to a
// retry (retryable, rate_limited) or to the dead-letter queue (everything else). Never a crash.

let jira: FakeJira;
beforeAll(async () => {
  jira = await startTestJira();
});
afterEach(() => jira.clearFaults());
afterAll(async () => {
  await jira.close();
  expect(jira.violations).toEqual([]);
});

/** A clock that only moves when the HTTP client sleeps, so waits are asserted, not sat out. */
function manualClock() {
  let now = Date.parse('2026-12-01T10:00:00Z');
  const sleeps: number[] = [];
  return { sleeps, now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)) };
}
const meta = () => ({ idempotencyKey: randomUUID(), commandId: randomUUID(), attempt: 1 });
const outcome = (work: Promise<unknown>) =>
  work.then(
    (value) => ({ ok: true as const, value }),
    (error: SwitchboardError) => ({
      ok: false as const,
      code: error.code,
      retryable: error.retryable,
      message: error.message,
      retryAfterMs: error.retryAfterMs,
    }),
  );

describe('rate limiting (429 with Retry-After and X-RateLimit-*)', () => {
  const rateLimited = (retryAfter: string) => ({
    status: 429,
    body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
    headers: {
      'retry-after': retryAfter,
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '2026-12-01T10:01Z',
      'ratelimit-reason': 'jira-burst-based',
    },
  });

  it('sits out a short Retry-After on a read and then succeeds', async () => {
    const clock = manualClock();
    const key = jira.seed({ summary: 'Read after a 429' });
    jira.failNext('getIssue', rateLimited('5'));
    const result = await outcome(
      runAction(bindJira({ baseUrl: jira.url, http: clock }), 'ticket.get', { ticketId: key }, meta()),
    );
    expect(result).toMatchObject({ ok: true, value: { output: { ticket: { title: 'Read after a 429' } } } });
    expect(clock.sleeps).toContain(5000);
  });

  it('never repeats a create on its own: the command goes back to the bus with the wait Jira asked for', async () => {
    const clock = manualClock();
    const before = jira.issues.size;
    jira.failNext('createIssue', rateLimited('30'));
    const result = await outcome(
      runAction(
        bindJira({ baseUrl: jira.url, http: clock, state: new MemoryStateStore() }),
        'ticket.create',
        { title: 'Throttled' },
        meta(),
      ),
    );
    expect(result).toMatchObject({
      ok: false,
      code: ErrorCode.RateLimited,
      retryable: true,
      retryAfterMs: 30_000,
      message: expect.stringContaining('Rate limit exceeded.'),
    });
    expect(jira.issues.size).toBe(before);
  });

  it('parks the work when Jira asks for longer than the client waits', async () => {
    jira.failNext('getIssue', rateLimited('600'), rateLimited('600'));
    const result = await outcome(
      runAction(
        bindJira({ baseUrl: jira.url, http: manualClock() }),
        'ticket.get',
        { ticketId: 'OPS-1' },
        meta(),
      ),
    );
    expect(result).toMatchObject({ ok: false, code: ErrorCode.RateLimited, retryAfterMs: 600_000 });
  });

  it('holds the next request when a success says the budget is spent (X-RateLimit-Remaining: 0)', async () => {
    const clock = manualClock();
    const instance = bindJira({ baseUrl: jira.url, http: clock });
    jira.failNext('getCurrentUser', {
      status: 200,
      body: { accountId: '5b10a2844c20165700ede21g', displayName: 'Switchboard Integration' },
      headers: {
        'x-ratelimit-limit': '100',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': '2026-12-01T10:00:20Z',
      },
    });
    expect(await runCheck(instance)).toMatchObject({ ok: true });
    expect(clock.sleeps).toEqual([20_000]);
  });
});

describe('surprising answers', () => {
  const cases: [string, string, FakeReply, Record<string, unknown>][] = [
    [
      'an HTML maintenance page with 200',
      'getIssue',
      { status: 200, text: '<html><body>Down for maintenance</body></html>' },
      { code: 'retryable', message: expect.stringContaining('Down for maintenance') },
    ],
    [
      'a JSON array where an issue belongs',
      'getIssue',
      { status: 200, body: [] },
      { code: 'permanent', message: expect.stringContaining('expected a JSON object') },
    ],
    [
      'an issue without a key',
      'getIssue',
      { status: 200, body: { id: '1', fields: {} } },
      { code: 'permanent', message: expect.stringContaining('no key') },
    ],
    [
      'a 500 with Jira error messages',
      'getIssue',
      { status: 500, body: { errorMessages: ['Internal server error'] } },
      { code: 'retryable', message: expect.stringContaining('Internal server error') },
    ],
    [
      'a 503 behind a proxy',
      'getIssue',
      { status: 503, text: '<html>Service Unavailable</html>' },
      { code: 'retryable' },
    ],
    [
      'a 401',
      'getIssue',
      { status: 401, text: 'Client must be authenticated to access this resource.' },
      { code: 'auth' },
    ],
    [
      'a 403 with a reason',
      'getIssue',
      {
        status: 403,
        body: { errorMessages: ['You do not have the permission to see the specified issue.'] },
      },
      { code: 'auth', message: expect.stringContaining('permission') },
    ],
  ];
  it.each(cases)(
    '%s becomes a typed error with the vendor message',
    async (_what, operation, reply, expected) => {
      jira.failNext(operation, reply, reply);
      const result = await outcome(
        runAction(bindJira({ baseUrl: jira.url }), 'ticket.get', { ticketId: 'OPS-1' }, meta()),
      );
      expect(result).toMatchObject({ ok: false, ...expected });
    },
  );

  it('reports a create answered without a key as permanent; the marker lets a retry find the issue', async () => {
    const state = new MemoryStateStore();
    jira.failNext('createIssue', { status: 201, body: { id: '10999', self: 'x' } });
    const first = await outcome(
      runAction(
        bindJira({ baseUrl: jira.url, state }),
        'ticket.create',
        { title: 'No key' },
        { ...meta(), idempotencyKey: 'no-key' },
      ),
    );
    expect(first).toMatchObject({
      ok: false,
      code: 'permanent',
      message: expect.stringContaining('no issue key'),
    });
  });

  it("carries Jira's field errors on a 400 as validation errors", async () => {
    const key = jira.seed({ summary: 'Field errors' });
    jira.failNext('editIssue', {
      status: 400,
      body: { errorMessages: [], errors: { customfield_10016: 'Number value expected.' } },
    });
    const result = await outcome(
      runAction(
        bindJira({ baseUrl: jira.url }),
        'ticket.update',
        { ticketId: key, changes: { customFields: { 'jira.customfield_10016': 'x' } } },
        meta(),
      ),
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'validation',
      message: expect.stringContaining('Number value expected.'),
    });
  });

  it('skips a transition Jira lists without an id, and refuses a transitions answer that is not a list', async () => {
    const key = jira.seed({ summary: 'Odd transitions' });
    jira.failNext('getTransitions', { status: 200, body: { transitions: 'none' } });
    expect(
      await outcome(
        runAction(
          bindJira({ baseUrl: jira.url }),
          'ticket.update',
          { ticketId: key, changes: { status: 'in_progress' } },
          meta(),
        ),
      ),
    ).toMatchObject({
      ok: false,
      code: 'permanent',
      message: expect.stringContaining('transitions is not a list'),
    });
  });

  it('answers check with a status, never a throw, whatever Jira says', async () => {
    jira.failNext('getCurrentUser', { status: 200, text: '<html>login</html>' });
    expect(await runCheck(bindJira({ baseUrl: jira.url }))).toMatchObject({
      ok: false,
      status: 'misconfigured',
      detail: expect.stringContaining('is baseUrl the site root'),
    });
    jira.failNext('getProject', {
      status: 404,
      body: { errorMessages: ["No project could be found with key 'OPS'."] },
    });
    expect(await runCheck(bindJira({ baseUrl: jira.url }))).toMatchObject({
      ok: false,
      status: 'misconfigured',
      detail: expect.stringContaining("No project could be found with key 'OPS'."),
    });
  });
});
