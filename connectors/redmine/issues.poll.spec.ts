import { ErrorCode, pollPages, type ConnectorInstance } from '@switchboard/connector-sdk';
import type { CloudEvent } from '@switchboard/events';
import type { IssuesCursor } from './issues.poll';
import type { RedmineConfig } from './redmine.config';
import { FAKE_ADMIN_KEY, startFakeRedmine, type FakeRedmine } from './testing/fake-redmine';
import { bindRedmine, fixtureJson, SPEC_API_KEY } from './testing/redmine-fixtures';

const T0 = Date.parse('2026-12-02T10:00:00Z');

/** One poll run: its events and cursors, as the runtime would publish and checkpoint them. */
async function poll(instance: ConnectorInstance<RedmineConfig>, cursor?: IssuesCursor) {
  const events: CloudEvent[] = [];
  const cursors: IssuesCursor[] = [];
  for await (const page of pollPages(instance, cursor)) {
    events.push(...page.events);
    cursors.push(page.cursor);
  }
  return { events, cursors, cursor: cursors[cursors.length - 1]! };
}

const kinds = (events: CloudEvent[]) =>
  events.map((e) => `${e.type.split('.').slice(-3, -1).join('.')} #${e.subject}`);

describe('poll of changed issues', () => {
  let redmine: FakeRedmine;
  let clock: number;
  const instance = (config: Partial<Record<keyof RedmineConfig, unknown>> = {}) =>
    bindRedmine({ baseUrl: redmine.url, config });
  const call = async (method: string, path: string, body: unknown, key = SPEC_API_KEY) => {
    const response = await fetch(`${redmine.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-redmine-api-key': key },
      body: JSON.stringify(body),
    });
    return response.status === 201
      ? ((await response.json()) as { issue: { id: number } }).issue.id
      : response.status;
  };
  const create = (subject: string, key = SPEC_API_KEY) =>
    call('POST', '/issues.json', { issue: { project_id: 'itsm', subject } }, key) as Promise<number>;

  beforeEach(async () => {
    redmine = await startFakeRedmine();
    clock = T0;
    redmine.now = () => new Date(clock);
  });
  afterEach(() => redmine.close());

  it('publishes each creation and journal once: a poll from the cursor re-reads the boundary second silently', async () => {
    await create('First');
    await create('Second');
    const first = await poll(instance());
    expect(kinds(first.events)).toEqual(['ticket.created #1', 'ticket.created #2']);
    expect(first.cursor).toEqual({ updatedOn: '2026-12-02T10:00:00Z', seen: ['issue:1', 'issue:2'] });

    const again = await poll(instance(), first.cursor);
    expect(again.events).toEqual([]);
    expect(again.cursor).toEqual(first.cursor);
    // The boundary second was read again: nothing published twice, nothing lost.
    expect(redmine.requests.some((r) => r.query.get('updated_on') === '>=2026-12-02T10:00:00Z')).toBe(true);
  });

  it('picks up what another user changed in the same second as the cursor, and later', async () => {
    const id = await create('Disk full');
    const first = await poll(instance());
    await call('PUT', `/issues/${id}.json`, { issue: { status_id: 2, notes: 'On it' } }, FAKE_ADMIN_KEY);
    const same = await poll(instance(), first.cursor);
    expect(kinds(same.events)).toEqual(['ticket.updated #1', 'comment.added #1']);
    expect(same.events[0]!.data).toMatchObject({
      changes: [
        { path: 'status', old: 'new', new: 'in_progress' },
        { path: 'nativeStatus', old: 'New', new: 'In Progress' },
      ],
    });
    expect(same.events[1]!.data).toMatchObject({
      author: { id: '1', displayName: 'Redmine Admin' },
      body: 'On it',
    });
    expect(same.events.every((e) => e.originchangeid === undefined && e.syncmode === undefined)).toBe(true);

    clock += 5_000;
    await call('PUT', `/issues/${id}.json`, { issue: { priority_id: 4 } }, FAKE_ADMIN_KEY);
    const later = await poll(instance(), same.cursor);
    expect(kinds(later.events)).toEqual(['ticket.updated #1']);
    expect(later.cursor).toEqual({ updatedOn: '2026-12-02T10:00:05Z', seen: ['journal:2'] });
  });

  it('publishes a journal once when Redmine stamped it a second after the issue it changed', async () => {
    // Redmine saves the issue (updated_on), then its journal (created_on): a second can tick between.
    const id = await create('Slow save');
    const first = await poll(instance());
    clock += 2_000;
    await call('PUT', `/issues/${id}.json`, { issue: { notes: 'Stamped late' } }, FAKE_ADMIN_KEY);
    const journal = redmine.issues.get(id)!.journals!.at(-1)!;
    journal.created_on = new Date(Date.parse(journal.created_on) + 1_000).toISOString().replace('.000Z', 'Z');

    const next = await poll(instance(), first.cursor);
    expect(kinds(next.events)).toEqual(['comment.added #1']);
    expect(kinds((await poll(instance(), next.cursor)).events)).toEqual([]);
    // Nor lost or repeated once the issue changes again.
    clock += 5_000;
    await call('PUT', `/issues/${id}.json`, { issue: { priority_id: 4 } }, FAKE_ADMIN_KEY);
    const later = await poll(instance(), next.cursor);
    expect(kinds(later.events)).toEqual(['ticket.updated #1']);
  });

  it("marks the hub's own changes with originchangeid, so the sync engine knows its echo", async () => {
    const id = await create('Ours');
    await call('PUT', `/issues/${id}.json`, { issue: { notes: 'Written by the hub' } });
    const { events } = await poll(instance());
    expect(events.map((e) => e.originchangeid)).toEqual(['issue:1', 'journal:1']);
  });

  it('lists every issue once when more than a page changed in one second, checkpointing between pages', async () => {
    for (let i = 1; i <= 230; i += 1) await create(`Issue ${i}`);
    redmine.forget();
    const run = await poll(instance());
    expect(run.events).toHaveLength(230);
    expect(new Set(run.events.map((e) => e.subject)).size).toBe(230);
    expect(run.cursors.slice(0, -1)).toEqual([
      {
        updatedOn: '1970-01-01T00:00:00Z',
        seen: [],
        resume: { updatedOn: '2026-12-02T10:00:00Z', offset: 100 },
      },
      {
        updatedOn: '1970-01-01T00:00:00Z',
        seen: [],
        resume: { updatedOn: '2026-12-02T10:00:00Z', offset: 200 },
      },
    ]);
    // Three listings: no page read twice.
    expect(redmine.requests.filter((r) => r.method === 'GET' && r.path === '/issues.json')).toHaveLength(3);
    // A crash after the second checkpoint: the next run goes on from there.
    const resumed = await poll(instance(), run.cursors[1]);
    expect(resumed.events.map((e) => e.subject)).toEqual(
      Array.from({ length: 30 }, (_, i) => String(201 + i)),
    );
    expect(resumed.cursor.updatedOn).toBe('2026-12-02T10:00:00Z');
  });

  it('starts at pollSince, and yields nothing (keeping the cursor) past everything', async () => {
    await create('Old');
    clock += 60_000;
    await create('New');
    const since = await poll(instance({ pollSince: '2026-12-02T10:00:30.500Z' }));
    expect(kinds(since.events)).toEqual(['ticket.created #2']);
    const future = { updatedOn: '2999-01-01T00:00:00Z', seen: [] };
    expect(await poll(instance(), future)).toMatchObject({ events: [], cursor: future });
  });

  it('skips an issue deleted between the listing and its reading', async () => {
    await create('Stays');
    await create('Goes');
    redmine.impose = (request) => (request.path === '/issues/2.json' ? { status: 404, body: '' } : undefined);
    expect(kinds((await poll(instance())).events)).toEqual(['ticket.created #1']);
  });

  it('fails typed, with what Redmine said, on an answer that is not Redmine’s', async () => {
    const page = fixtureJson<{ body: string }>('api/errors/200-html-page.json').body;
    redmine.impose = (request) =>
      request.path === '/issues.json' ? { status: 200, body: page, contentType: 'text/html' } : undefined;
    await expect(poll(instance())).rejects.toMatchObject({
      code: ErrorCode.Permanent,
      message: expect.stringContaining('GET /issues.json answered a non-JSON body ("Issues - Redmine")'),
    });

    redmine.impose = (request) =>
      request.path === '/issues.json'
        ? { status: 200, body: { issues: [{ id: 'x' }], total_count: 1 } }
        : undefined;
    await expect(poll(instance())).rejects.toMatchObject({
      code: ErrorCode.Permanent,
      message: expect.stringContaining('(issues[0].id must be a non-negative integer)'),
    });

    redmine.impose = () => ({ status: 503, body: '<html><title>Down for maintenance</title></html>' });
    await expect(poll(instance())).rejects.toMatchObject({
      code: ErrorCode.Retryable,
      message: expect.stringContaining('Down for maintenance'),
    });
  });

  it('refuses a cursor it did not write', async () => {
    await expect(poll(instance(), { updatedOn: 'yesterday', seen: [] })).rejects.toMatchObject({
      code: ErrorCode.Permanent,
      message: expect.stringContaining('Not a Redmine poll cursor'),
    });
  });
});
