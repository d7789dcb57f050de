import {
  ErrorCode,
  MemoryStateStore,
  pollPages,
  runAction,
  type CommandMeta,
} from '@switchboard/connector-sdk';
import type { CloudEvent, CommentData } from '@switchboard/events';
import type { RedmineIssue } from '../api/redmine-api.types';
import { startFakeRedmine, type FakeRedmine } from '../testing/fake-redmine';
import { bindRedmine, fixtureJson } from '../testing/redmine-fixtures';

const meta = (idempotencyKey = 'run-1/comment'): CommandMeta => ({
  idempotencyKey,
  commandId: 'cmd-1',
  attempt: 1,
});

describe('comment.add', () => {
  let redmine: FakeRedmine;
  beforeEach(async () => {
    redmine = await startFakeRedmine({
      issues: [fixtureJson<{ issue: RedmineIssue }>('api/issue-with-journals.json').issue],
    });
  });
  afterEach(() => redmine.close());
  const instance = (state = new MemoryStateStore()) => bindRedmine({ baseUrl: redmine.url, state });
  const notesPut = () => redmine.requests.filter((r) => r.method === 'PUT');

  it('adds a private note for an internal comment, in Textile, with a hidden marker, and answers its journal id', async () => {
    const { output } = await runAction(
      instance(),
      'comment.add',
      { ticketId: '1', body: 'Root cause: **WAL** archiving.', visibility: 'internal' },
      meta(),
    );
    expect(output).toEqual({
      ticket: { system: 'redmine', instanceId: 'redmine-prod', id: '1', url: `${redmine.url}/issues/1` },
      commentId: '5',
      created: true,
    });
    expect(JSON.parse(notesPut()[0]!.body)).toEqual({
      issue: {
        notes: expect.stringMatching(/^Root cause: \*WAL\* archiving\.\n\n<!-- sb-[0-9a-f]{24} -->$/),
        private_notes: true,
      },
    });
  });

  it('adds one note per idempotency key, even when the hub forgot it added one', async () => {
    const input = { ticketId: '1', body: 'Volume grown.', visibility: 'public' };
    const first = await runAction(instance(), 'comment.add', input, meta());
    const retried = await runAction(instance(), 'comment.add', input, meta());
    expect(retried.output).toEqual({ ...first.output, created: false });
    expect(notesPut()).toHaveLength(1);
  });

  it('is read back by the poll as the comment that was sent: marker gone, markdown restored', async () => {
    await runAction(
      instance(),
      'comment.add',
      { ticketId: '1', body: 'See [the runbook](https://x.org/r) and `df -h`.', visibility: 'public' },
      meta(),
    );
    const events: CloudEvent[] = [];
    for await (const page of pollPages(instance(), undefined)) events.push(...page.events);
    const comment = events.filter((e) => e.type === 'io.switchboard.itsm.comment.added.v1').pop()!;
    expect(comment.data as CommentData).toMatchObject({
      commentId: '5',
      visibility: 'public',
      body: 'See [the runbook](https://x.org/r) and `df -h`.',
      author: { id: '5' },
    });
    expect(comment.originchangeid).toBe('journal:5');
  });

  it('answers not_found for an unknown issue', async () => {
    await expect(
      runAction(instance(), 'comment.add', { ticketId: '42', body: 'x', visibility: 'public' }, meta()),
    ).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
