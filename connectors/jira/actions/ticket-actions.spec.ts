import { randomUUID } from 'node:crypto';
import { MemoryStateStore, runAction, type ConnectorStateStore } from '@switchboard/connector-sdk';
import type { FakeJira } from '../testing/fake-jira';
import { bindJira, startTestJira } from '../testing/jira-testing';

let jira: FakeJira;
const state: ConnectorStateStore = new MemoryStateStore();
const run = (
  action: string,
  input: object,
  options: { key?: string; config?: object; state?: ConnectorStateStore } = {},
) =>
  runAction(
    bindJira({
      baseUrl: jira.url,
      state: options.state ?? state,
      ...(options.config && { config: options.config }),
    }),
    action,
    input,
    { idempotencyKey: options.key ?? randomUUID(), commandId: randomUUID(), attempt: 1 },
  );
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the command to fail');
    },
    (error: { code?: string; message: string; fieldErrors?: unknown }) => error,
  );

beforeAll(async () => {
  jira = await startTestJira();
});
afterAll(async () => {
  await jira.close();
  expect(jira.violations).toEqual([]);
});

describe('ticket.create', () => {
  it('creates the issue with mapped fields, the marker label and the origin property', async () => {
    const { output } = await run(
      'ticket.create',
      {
        title: 'Disk full on db01',
        description: '**Disk** at 97%\n\n- check `pg_wal`',
        kind: 'incident',
        priority: 'critical',
        assignee: { email: 'sam@example.com' },
        labels: ['prod'],
        customFields: { 'jira.customfield_10016': 3 },
        alertRefs: [{ dedupKey: 'fp-1' }],
      },
      { key: 'alert-fp-1' },
    );
    expect(output).toEqual({
      ticket: { system: 'jira', instanceId: 'jira-prod', id: 'OPS-1', url: `${jira.url}/browse/OPS-1` },
      created: true,
    });
    const issue = jira.issues.get('OPS-1')!;
    expect(issue.fields).toMatchObject({
      summary: 'Disk full on db01',
      issuetype: { name: 'Bug' },
      priority: { name: 'Highest' },
      assignee: { accountId: '5b10ac8d82e05b22cc7d4ef5' },
      customfield_10016: 3,
      description: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Disk', marks: [{ type: 'strong' }] },
              { type: 'text', text: ' at 97%' },
            ],
          },
          {
            type: 'bulletList',
            content: [
              {
                type: 'listItem',
                content: [
                  {
                    type: 'paragraph',
                    content: [
                      { type: 'text', text: 'check ' },
                      { type: 'text', text: 'pg_wal', marks: [{ type: 'code' }] },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(issue.fields.labels).toEqual(['prod', expect.stringMatching(/^sb-[0-9a-f]{24}$/)]);
    expect(issue.properties['io.switchboard.origin']).toMatchObject({
      idempotencyKey: 'alert-fp-1',
      instanceId: 'jira-prod',
      alertRefs: [{ dedupKey: 'fp-1' }],
    });
    expect(issue.history).toEqual([
      expect.objectContaining({ cause: { id: 'alert-fp-1', type: 'io.switchboard.command' } }),
    ]);
  });

  it('finds the issue of a lost answer by its marker instead of creating a second one', async () => {
    const input = { title: 'Lost answer' };
    const first = await run('ticket.create', input, { key: 'lost-1', state: new MemoryStateStore() });
    const again = await run('ticket.create', input, { key: 'lost-1', state: new MemoryStateStore() });
    expect(again.output).toEqual({ ...first.output, created: false });
    expect([...jira.issues.values()].filter((i) => i.fields.summary === 'Lost answer')).toHaveLength(1);
  });

  it('marks with the entity property alone when configured so, and searches it by JQL', async () => {
    const config = { marker: 'property' };
    const input = { title: 'Property marker' };
    const first = await run('ticket.create', input, { key: 'prop-1', state: new MemoryStateStore(), config });
    const again = await run('ticket.create', input, { key: 'prop-1', state: new MemoryStateStore(), config });
    expect(again.output).toEqual({ ...first.output, created: false });
    const key = (first.output.ticket as { id: string }).id;
    expect(jira.issues.get(key)!.fields.labels).toEqual([]);
  });

  it('reaches an initial status through the workflow', async () => {
    const { output } = await run('ticket.create', { title: 'Start right away', status: 'in_progress' });
    expect(jira.issues.get((output.ticket as { id: string }).id)!.transitions).toEqual(['Start progress']);
  });

  it("refuses what Jira cannot hold before writing anything, and carries Jira's own refusals", async () => {
    const before = jira.operations.filter((op) => op === 'createIssue').length;
    expect(await failure(run('ticket.create', { title: 'x', assignmentGroup: 'DBA' }))).toMatchObject({
      code: 'validation',
      fieldErrors: [{ path: 'input.assignmentGroup', message: expect.stringContaining('customFields') }],
    });
    expect(
      await failure(run('ticket.create', { title: 'x', customFields: { 'redmine.1': 'a' } })),
    ).toMatchObject({
      code: 'validation',
    });
    expect(
      await failure(run('ticket.create', { title: 'x', assignee: { displayName: 'Sam' } })),
    ).toMatchObject({
      code: 'validation',
      message: expect.stringContaining('no Jira user matches "Sam"'),
    });
    expect(jira.operations.filter((op) => op === 'createIssue').length).toBe(before);
    expect(await failure(run('ticket.create', { title: 'x', project: 'NOPE' }))).toMatchObject({
      code: 'validation',
      message: expect.stringContaining('valid project is required'),
    });
  });
});

describe('ticket.update', () => {
  it('writes only what differs, and a second run changes nothing', async () => {
    const key = jira.seed({ summary: 'Old title', labels: ['keep-me', 'sb-0123456789abcdef01234567'] });
    const input = {
      ticketId: key,
      changes: { title: 'New title', priority: 'low', labels: ['triaged'], description: 'Now *with* text' },
    };
    const first = await run('ticket.update', input, { key: 'upd-1' });
    expect(first.output).toEqual({
      ticket: expect.objectContaining({ id: key }),
      changed: ['title', 'description', 'priority', 'labels'],
    });
    expect(jira.issues.get(key)!.fields).toMatchObject({
      summary: 'New title',
      priority: { name: 'Low' },
      labels: ['triaged', 'sb-0123456789abcdef01234567'],
    });
    const puts = jira.operations.filter((op) => op === 'editIssue').length;
    const second = await run('ticket.update', input, { key: 'upd-1' });
    expect(second.output.changed).toEqual([]);
    expect(jira.operations.filter((op) => op === 'editIssue').length).toBe(puts);
  });

  it('walks the workflow to a status two transitions away, with the resolution note on the last one', async () => {
    const key = jira.seed({ summary: 'Needs review' });
    const { output } = await run('ticket.update', {
      ticketId: key,
      changes: { status: 'resolved', resolution: 'Freed 40 GB of WAL' },
    });
    expect(output.changed).toEqual(['status', 'resolution']);
    const issue = jira.issues.get(key)!;
    expect(issue.transitions).toEqual(['Start progress', 'Request review', 'Approve']);
    expect(issue.fields.resolution).toEqual({ name: 'Done' });
    expect(issue.comments.map((c) => c.body)).toEqual([
      {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Freed 40 GB of WAL' }] }],
      },
    ]);
  });

  it('keeps what it learnt of the workflow, so the next change plans its path', async () => {
    const learnt = await state.get<Record<string, { to: { name: string } }[]>>('workflow:OPS:10001');
    expect(
      Object.fromEntries(Object.entries(learnt!).map(([from, edges]) => [from, edges.map((e) => e.to.name)])),
    ).toEqual({
      '10000': ['In Progress', "Won't Do"],
      '3': ['In Review', 'Waiting for customer', "Won't Do"],
      '10001': ['Done', 'In Progress', "Won't Do"],
    });
    const key = jira.seed({ summary: 'Second review' });
    await run('ticket.update', { ticketId: key, changes: { status: 'resolved' } });
    expect(jira.issues.get(key)!.transitions).toEqual(['Start progress', 'Request review', 'Approve']);
  });

  it('goes back from Done through Reopen, and takes the direct transition when one is offered', async () => {
    const reopened = jira.seed({ summary: 'Reopen me', statusName: 'Done' });
    await run('ticket.update', { ticketId: reopened, changes: { status: 'in_progress' } });
    expect(jira.issues.get(reopened)!.transitions).toEqual(['Reopen', 'Start progress']);
    const dropped = jira.seed({ summary: 'Drop me' });
    await run('ticket.update', { ticketId: dropped, changes: { status: 'canceled' } });
    expect(jira.issues.get(dropped)!.transitions).toEqual(["Won't do"]);
  });

  it('fails for good, saying where it got and what Jira offered, when no status of the target exists', async () => {
    const key = jira.seed({ summary: 'Close me' });
    const error = await failure(run('ticket.update', { ticketId: key, changes: { status: 'closed' } }));
    expect(error).toMatchObject({
      code: 'permanent',
      message: expect.stringContaining(`to closed ("Closed" or an unmapped done status) for ${key}`),
    });
    // The limit of exploring: the steps towards the target's category stay taken (README, "Statuses").
    expect(error.message).toContain('from "In Review"');
    expect(error.message).toContain('after Start progress → In Progress, Request review → In Review');
    expect(error.message).toContain(
      "offered: Approve → Done; Back to work → In Progress; Won't do → Won't Do",
    );
  });

  it('answers conflict when the issue changed after the version the update was based on', async () => {
    const key = jira.seed({ summary: 'Busy' });
    expect(
      await failure(
        run('ticket.update', {
          ticketId: key,
          changes: { title: 'x' },
          baseUpdatedAt: '2020-01-01T00:00:00Z',
        }),
      ),
    ).toMatchObject({ code: 'conflict' });
    expect(
      await failure(run('ticket.update', { ticketId: key, changes: { resolution: 'x' } })),
    ).toMatchObject({ code: 'validation' });
    expect(
      await failure(run('ticket.update', { ticketId: 'OPS-999', changes: { title: 'x' } })),
    ).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('Issue does not exist'),
    });
  });
});

describe('comment.add', () => {
  it('posts markdown as ADF once per idempotency key, even after a lost answer', async () => {
    const key = jira.seed({ summary: 'Commented' });
    const input = {
      ticketId: key,
      body: 'Fixed by **restarting** [@Sam](mention:5b10ac8d82e05b22cc7d4ef5)',
      visibility: 'public',
    };
    const first = await run('comment.add', input, { key: 'c-1', state: new MemoryStateStore() });
    const again = await run('comment.add', input, { key: 'c-1', state: new MemoryStateStore() });
    expect(first.output.created).toBe(true);
    expect(again.output).toEqual({ ...first.output, created: false });
    const comments = jira.issues.get(key)!.comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toEqual({
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Fixed by ' },
            { type: 'text', text: 'restarting', marks: [{ type: 'strong' }] },
            { type: 'text', text: ' ' },
            { type: 'mention', attrs: { id: '5b10ac8d82e05b22cc7d4ef5', text: '@Sam' } },
          ],
        },
      ],
    });
  });

  it('never posts an internal comment publicly: restricted, a JSM note, or refused', async () => {
    const key = jira.seed({ summary: 'Internal' });
    const internal = { ticketId: key, body: 'root cause: autovacuum off', visibility: 'internal' };
    expect(await failure(run('comment.add', internal))).toMatchObject({
      code: 'validation',
      fieldErrors: [{ path: 'input.visibility', message: expect.stringContaining('internalComments') }],
    });
    expect(jira.issues.get(key)!.comments).toEqual([]);
    await run('comment.add', internal, {
      config: { internalComments: 'role', internalCommentRestriction: 'Administrators' },
    });
    await run('comment.add', internal, { config: { internalComments: 'service-desk' } });
    const [role, note] = jira.issues.get(key)!.comments;
    expect(role!.visibility).toEqual({ type: 'role', value: 'Administrators' });
    expect(note!.properties['sd.public.comment']).toEqual({ internal: true });
  });
});

describe('ticket.get and ticket.search', () => {
  it('reads an issue as a canonical ticket', async () => {
    const { output } = await run('ticket.create', {
      title: 'Read me',
      description: '# Heading\n\ntext',
      priority: 'medium',
    });
    const key = (output.ticket as { id: string }).id;
    const { output: got } = await run('ticket.get', { ticketId: key });
    expect(got.ticket).toMatchObject({
      title: 'Read me',
      kind: 'task',
      status: 'new',
      nativeStatus: 'To Do',
      priority: 'medium',
      description: '# Heading\n\ntext',
      reporter: { id: '5b10a2844c20165700ede21g' },
    });
  });

  it('pages through JQL results with the cursor, filters by canonical status and keeps raw JQL order', async () => {
    for (const n of [1, 2, 3])
      jira.seed({
        summary: `Search ${n}`,
        labels: ['searchable'],
        statusName: n === 2 ? 'In Progress' : 'To Do',
      });
    const page1 = await run('ticket.search', { externalId: 'searchable', limit: 2 });
    expect((page1.output.items as { title: string }[]).map((i) => i.title)).toEqual(['Search 1', 'Search 2']);
    const page2 = await run('ticket.search', {
      externalId: 'searchable',
      limit: 2,
      cursor: page1.output.nextCursor,
    });
    expect((page2.output.items as { title: string }[]).map((i) => i.title)).toEqual(['Search 3']);
    expect(page2.output.nextCursor).toBeUndefined();
    const started = await run('ticket.search', {
      externalId: 'searchable',
      statuses: ['in_progress'],
      updatedSince: '2026-01-01T00:00:00Z',
    });
    expect((started.output.items as { title: string }[]).map((i) => i.title)).toEqual(['Search 2']);
    const raw = await run('ticket.search', {
      query: 'labels = searchable ORDER BY created ASC',
      project: 'OPS',
    });
    expect((raw.output.items as unknown[]).length).toBe(3);
    expect(await failure(run('ticket.search', { query: 'status = Whatever' }))).toMatchObject({
      code: 'validation',
      message: expect.stringContaining('Error in the JQL Query'),
    });
  });
});
