/**
 * The Redmine connector against the real Redmine (Debian's 5.0, Textile, login required), as the
 * non-admin integration user `hub`; the seeded admin plays "another user" changing issues in
 * Redmine directly. One Redmine for the whole file; each test works on issues of its own.
 */
import {
  ErrorCode,
  MemoryStateStore,
  bindConnector,
  pollPages,
  runAction,
  runCheck,
  type CommandMeta,
  type ConnectorInstance,
} from '@switchboard/connector-sdk';
import type { CloudEvent, CommentData, TicketData } from '@switchboard/events';
import { redmineConnector, type IssuesCursor, type RedmineConfig } from '../../../connectors/redmine';
import {
  REDMINE_TEST_SEED,
  startRedmineTestServer,
  type RedmineTestServer,
} from '../../support/redmine-test-server';

const { statuses, priorities } = REDMINE_TEST_SEED;
let keys = 0;
const meta = (idempotencyKey = `e2e-${++keys}`): CommandMeta => ({
  idempotencyKey,
  commandId: idempotencyKey,
  attempt: 1,
});

describe('Redmine connector against a real Redmine', () => {
  let redmine: RedmineTestServer;
  const bind = (
    options: { apiKey?: string; state?: MemoryStateStore } = {},
  ): ConnectorInstance<RedmineConfig> => {
    const bound = bindConnector(redmineConnector, {
      tenantId: 'acme',
      instanceId: 'redmine-e2e',
      config: {
        baseUrl: redmine.url,
        project: redmine.projectIdentifier,
        markerFieldId: redmine.externalIdFieldId,
      },
      secrets: { apiKey: options.apiKey ?? redmine.hubApiKey },
      state: options.state ?? new MemoryStateStore(),
    });
    if (!bound.ok) throw new Error(JSON.stringify(bound.errors));
    return bound.instance as ConnectorInstance<RedmineConfig>;
  };
  const act = async <T = Record<string, unknown>>(action: string, input: object, m = meta()) =>
    (await runAction(bind(), action, input, m)).output as T;
  const asAdmin = async (id: string, issue: Record<string, unknown>) => {
    const answer = await redmine.api('PUT', `/issues/${id}.json`, { issue }, redmine.adminApiKey);
    expect(answer.status).toBe(204);
  };
  const poll = async (cursor?: IssuesCursor) => {
    const events: CloudEvent[] = [];
    let last = cursor;
    for await (const page of pollPages(bind(), cursor)) {
      events.push(...page.events);
      last = page.cursor;
    }
    return { events, cursor: last! };
  };
  const ofTicket = (events: CloudEvent[], id: string) => events.filter((e) => e.subject === id);

  beforeAll(async () => {
    redmine = await startRedmineTestServer();
  }, 300_000);
  afterAll(async () => {
    await redmine?.stop();
  });

  it('checks the connection as the hub user', async () => {
    expect(await runCheck(bind())).toMatchObject({ ok: true, remote: { user: 'hub', project: 'itsm' } });
  });

  it('creates, updates and comments a ticket, and reads back what it wrote', async () => {
    const created = await act<{ ticket: { id: string; url: string }; created: boolean }>('ticket.create', {
      title: 'Disk / on db07 is 98% full',
      description: 'The **orders** database stops at 100%.\n\n- grow the volume\n- purge old WAL',
      priority: 'high',
      kind: 'incident',
    });
    expect(created).toMatchObject({
      created: true,
      ticket: { system: 'redmine', url: `${redmine.url}/issues/${created.ticket.id}` },
    });
    const id = created.ticket.id;
    const stored = await redmine.api<{ issue: { description: string; priority: { name: string } } }>(
      'GET',
      `/issues/${id}.json`,
    );
    // Redmine holds Textile (its default format), with the CRLF line ends it always answers.
    expect(stored.body!.issue).toMatchObject({
      description: 'The *orders* database stops at 100%.\r\n\r\n* grow the volume\r\n* purge old WAL',
      priority: { name: 'High' },
    });

    const updated = await act('ticket.update', {
      ticketId: id,
      changes: {
        title: 'Disk / on db07 is 99% full',
        status: 'in_progress',
        priority: 'critical',
        assignee: { displayName: 'Integration Hub' },
        description: 'Grown by **50 GB**.',
      },
    });
    expect(updated).toMatchObject({ changed: ['title', 'description', 'status', 'priority', 'assignee'] });
    const repeated = await act('ticket.update', {
      ticketId: id,
      changes: { status: 'in_progress', priority: 'critical' },
    });
    expect(repeated).toMatchObject({ changed: [] });

    const comment = await act<{ commentId: string; created: boolean }>('comment.add', {
      ticketId: id,
      body: 'Root cause: WAL archiving **stopped**.',
      visibility: 'internal',
    });
    expect(comment.created).toBe(true);

    const { ticket } = await act<{ ticket: TicketData }>('ticket.get', { ticketId: id });
    expect(ticket).toMatchObject({
      kind: 'incident',
      title: 'Disk / on db07 is 99% full',
      status: 'in_progress',
      nativeStatus: 'In Progress',
      priority: 'critical',
      nativePriority: 'Immediate',
      assignee: { id: '5', displayName: 'Integration Hub' },
      description: 'Grown by **50 GB**.',
      nativeDescription: 'Grown by *50 GB*.',
    });

    const { events } = await poll();
    const mine = ofTicket(events, id);
    expect(mine.map((e) => e.type.split('.').slice(-3, -1).join('.'))).toEqual([
      'ticket.created',
      'ticket.updated',
      'comment.added',
    ]);
    // The hub's own writes: recognisable by originchangeid.
    expect(mine.every((e) => e.originchangeid !== undefined)).toBe(true);
    expect(mine[0]!.data).toMatchObject({
      title: 'Disk / on db07 is 98% full',
      status: 'new',
      priority: 'high',
      description: 'The **orders** database stops at 100%.\n\n- grow the volume\n- purge old WAL',
    });
    expect(mine[2]!.data as CommentData).toMatchObject({
      commentId: comment.commentId,
      visibility: 'internal',
      body: 'Root cause: WAL archiving **stopped**.',
    });
  });

  it('picks up, by polling, what another user changed directly in Redmine: the delta with old values', async () => {
    const { ticket } = await act<{ ticket: { id: string } }>('ticket.create', {
      title: 'Printer on fire',
      priority: 'low',
    });
    const before = await poll();
    await asAdmin(ticket.id, {
      status_id: statuses.feedback,
      priority_id: priorities.urgent,
      notes: 'Which floor?',
    });
    await asAdmin(ticket.id, { notes: 'Escalated to facilities.', private_notes: true });

    const after = await poll(before.cursor);
    const mine = ofTicket(after.events, ticket.id);
    expect(mine.map((e) => [e.type.split('.').slice(-3, -1).join('.'), e.originchangeid])).toEqual([
      ['ticket.updated', undefined],
      ['comment.added', undefined],
      ['comment.added', undefined],
    ]);
    expect(mine[0]!.data).toMatchObject({
      changes: [
        { path: 'status', old: 'new', new: 'on_hold' },
        { path: 'nativeStatus', old: 'New', new: 'Feedback' },
        { path: 'priority', old: 'low', new: 'critical' },
        { path: 'nativePriority', old: 'Low', new: 'Urgent' },
      ],
    });
    expect(mine[1]!.data).toMatchObject({
      visibility: 'public',
      body: 'Which floor?',
      author: { id: '1', displayName: 'Redmine Admin' },
    });
    expect(mine[2]!.data).toMatchObject({ visibility: 'internal', body: 'Escalated to facilities.' });

    // Polled again from where it stopped: nothing twice.
    expect(ofTicket((await poll(after.cursor)).events, ticket.id)).toEqual([]);
  });

  it('creates one issue per idempotency key under a retried command, even after a lost answer', async () => {
    const count = async () =>
      (
        await redmine.api<{ total_count: number }>(
          'GET',
          '/issues.json?status_id=*&limit=1',
          undefined,
          redmine.adminApiKey,
        )
      ).body!.total_count;
    const before = await count();
    const key = meta('run-7/open-ticket');
    const input = { title: 'Retried create', description: 'once' };
    const first = await runAction(bind(), 'ticket.create', input, key);
    const sameInstance = bind({ state: new MemoryStateStore() });
    const retried = await runAction(sameInstance, 'ticket.create', input, { ...key, attempt: 2 });
    expect(retried.output).toEqual({ ...first.output, created: false });
    expect(await count()).toBe(before + 1);

    const note = {
      ticketId: (first.output.ticket as { id: string }).id,
      body: 'Only once',
      visibility: 'public',
    };
    const added = await runAction(bind(), 'comment.add', note, meta('run-7/note'));
    const again = await runAction(
      bind({ state: new MemoryStateStore() }),
      'comment.add',
      note,
      meta('run-7/note'),
    );
    expect(again.output).toEqual({ ...added.output, created: false });
    const journals = await redmine.api<{ issue: { journals: unknown[] } }>(
      'GET',
      `/issues/${note.ticketId}.json?include=journals`,
    );
    expect(journals.body!.issue.journals).toHaveLength(1);
  });

  it('maps Redmine’s 401, 404 and 422 to auth, not_found and validation errors carrying its message', async () => {
    expect(await runCheck(bind({ apiKey: 'f'.repeat(40) }))).toMatchObject({
      ok: false,
      status: 'auth_failed',
    });
    await expect(
      runAction(bind({ apiKey: 'f'.repeat(40) }), 'ticket.get', { ticketId: '1' }, meta()),
    ).rejects.toMatchObject({
      code: ErrorCode.Auth,
      message: expect.stringContaining('GET /issues/1.json failed with 401'),
    });
    await expect(act('ticket.get', { ticketId: '999999' })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: expect.stringContaining('GET /issues/999999.json failed with 404'),
    });
    await expect(act('ticket.create', { title: 'x', assignee: { id: '1' } })).rejects.toMatchObject({
      code: ErrorCode.Validation,
      message: expect.stringContaining('POST /issues.json failed with 422: Assignee is invalid'),
    });
    await expect(act('ticket.create', { title: 'x', project: 'no-such-project' })).rejects.toMatchObject({
      code: ErrorCode.Validation,
      message: expect.stringContaining('Project cannot be blank'),
    });
  });

  it('keeps unicode and a 64 KB description intact both ways', async () => {
    const paragraph =
      'Störung im Rechenzentrum — **dringend** ✓ 日本語のテキスト, emoji 🚒, `code_x` and snake_case; see [the runbook](https://runbooks.example.com/a_b).\n\n';
    let description = '';
    while (Buffer.byteLength(description) < 65_536) description += paragraph;
    description = description.trimEnd();
    const title = 'Ünïcødé ✓ 日本語 🚒 "quotes" <tags> & ampersands';
    const { ticket } = await act<{ ticket: { id: string } }>('ticket.create', { title, description });

    const read = await act<{ ticket: TicketData }>('ticket.get', { ticketId: ticket.id });
    expect(read.ticket.title).toBe(title);
    expect(read.ticket.description).toBe(description);
    expect(Buffer.byteLength(read.ticket.nativeDescription!)).toBeGreaterThan(64_000);

    await act('comment.add', { ticketId: ticket.id, body: 'Ça marche — 完了 ✓ 🎉', visibility: 'public' });
    const events = ofTicket((await poll()).events, ticket.id);
    expect(events[0]!.data).toMatchObject({ title, description });
    expect(events[1]!.data).toMatchObject({ body: 'Ça marche — 完了 ✓ 🎉' });
  });

  it('searches by canonical filters and by the marker', async () => {
    const created = await act<{ ticket: { id: string } }>(
      'ticket.create',
      { title: 'Searchable' },
      meta('search-me'),
    );
    const marker = (
      await redmine.api<{ issue: { custom_fields: { value: string }[] } }>(
        'GET',
        `/issues/${created.ticket.id}.json`,
      )
    ).body!.issue.custom_fields[0]!.value;
    const found = await act<{ items: TicketData[]; total: number }>('ticket.search', { externalId: marker });
    expect(found).toMatchObject({ total: 1, items: [{ title: 'Searchable', status: 'new' }] });
    const open = await act<{ items: TicketData[] }>('ticket.search', { statuses: ['new'], limit: 100 });
    expect(open.items.every((item) => item.status === 'new')).toBe(true);
    expect(open.items.some((item) => item.title === 'Searchable')).toBe(true);
  });
});
