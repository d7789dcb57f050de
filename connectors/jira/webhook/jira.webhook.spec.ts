import { processWebhook, type WebhookOutcome } from '@switchboard/connector-sdk';
import { EventType, type CloudEvent } from '@switchboard/events';
import { bindJira, hubSignature, jiraWebhookRequest } from '../testing/jira-testing';

const instance = bindJira();
const deliver = (fixture: string | object, options?: Parameters<typeof jiraWebhookRequest>[1]) =>
  processWebhook(instance, jiraWebhookRequest(fixture, options));

async function events(fixture: string): Promise<CloudEvent<Record<string, unknown>>[]> {
  const outcome = await deliver(fixture);
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome.events as CloudEvent<Record<string, unknown>>[];
}

describe('Jira webhooks', () => {
  it('turns jira:issue_created into ticket.created with the issue mapped to the canonical model', async () => {
    const [event, ...rest] = await events('issue-created');
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: EventType.TicketCreated,
      source: '/connectors/jira/jira-prod',
      subject: 'OPS-17',
      time: '2026-11-30T09:14:02.117Z',
      tenantid: 'acme',
    });
    expect(event!.data).toEqual({
      kind: 'incident',
      title: 'Disk full on db01',
      status: 'new',
      nativeStatus: 'To Do',
      priority: 'high',
      nativePriority: 'High',
      description:
        'Disk **/var/lib/postgresql** on **db01** is 97% full.\n\n### Impact\n- order service writes fail\n- [runbook](https://wiki.example.com/runbooks/disk-full)\n\n```bash\ndf -h /var/lib/postgresql\n```',
      nativeDescription: expect.stringContaining('h3. Impact'),
      reporter: { id: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof' },
      createdAt: '2026-11-30T09:14:02.004Z',
      updatedAt: '2026-11-30T09:14:02.004Z',
      customFields: { 'jira.labels': ['database', 'prod'] },
      externalRefs: [
        {
          system: 'jira',
          instanceId: 'jira-prod',
          id: 'OPS-17',
          url: 'https://acme.atlassian.net/browse/OPS-17',
        },
      ],
    });
  });

  it('turns the changelog of jira:issue_updated into the delta with old values', async () => {
    const [event] = await events('issue-updated-status-assignee');
    expect(event).toMatchObject({
      type: EventType.TicketUpdated,
      subject: 'OPS-17',
      time: '2026-11-30T09:35:11.504Z',
    });
    expect(event!.data).toEqual({
      changes: [
        { path: 'status', old: 'new', new: 'in_progress' },
        { path: 'nativeStatus', old: 'To Do', new: 'In Progress' },
        {
          path: 'assignee',
          old: null,
          new: { id: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Sam Oluwaseun' },
        },
        { path: 'priority', old: 'high', new: 'critical' },
        { path: 'nativePriority', old: 'High', new: 'Highest' },
        { path: 'labels', old: ['database', 'prod'], new: ['database', 'prod', 'sev1'] },
        { path: 'customFields.jira.customfield_10016', old: null, new: '3' },
      ],
      title: 'Disk full on db01',
      updatedAt: '2026-11-30T09:35:11.452Z',
      externalRefs: [expect.objectContaining({ id: 'OPS-17' })],
    });
  });

  it("recognises the connector's own change by its history metadata (echo suppression)", async () => {
    const [event] = await events('issue-updated-by-switchboard');
    expect(event).toMatchObject({ originchangeid: 'sync-7c1d4e', originconnector: 'jira-prod' });
    expect((event!.data as { changes: unknown }).changes).toEqual([
      { path: 'title', old: 'Disk full on db01', new: 'Disk full on db01 (97%)' },
    ]);
  });

  it("maps Atlassian's documented example, skipping a type change that stays the same kind", async () => {
    const [event, ...rest] = await events('issue-updated-documented-example');
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ subject: 'JRA-20002', time: '2011-06-07T15:31:26.805Z' });
    expect((event!.data as { changes: unknown }).changes).toEqual([
      { path: 'title', old: 'What is going on here?????', new: 'A new summary.' },
    ]);
  });

  it('publishes nothing for an update that only announces a comment (comment_created carries it)', async () => {
    expect(await events('issue-updated-comment-only')).toEqual([]);
  });

  it('turns comment events into comment.added|edited|deleted, wiki markup into markdown', async () => {
    const [added] = await events('comment-created');
    expect(added).toMatchObject({
      type: EventType.CommentAdded,
      subject: 'OPS-17/comments/10051',
      partitionkey: 'OPS-17',
    });
    expect(added!.data).toEqual({
      ticketRef: {
        system: 'jira',
        instanceId: 'jira-prod',
        id: 'OPS-17',
        url: 'https://acme.atlassian.net/browse/OPS-17',
      },
      commentId: '10051',
      visibility: 'public',
      author: { id: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Sam Oluwaseun' },
      body: 'Looking at it now. Found **pg_wal** growing; see `SELECT pg_size_pretty(...)` output.\n- cleaned old WAL\n- [@5b10a2844c20165700ede21g](mention:5b10a2844c20165700ede21g) please confirm',
      nativeBody: expect.stringContaining('{{SELECT'),
      createdAt: '2026-11-30T09:55:12.775Z',
      updatedAt: '2026-11-30T09:55:12.775Z',
      externalRefs: [
        {
          system: 'jira',
          instanceId: 'jira-prod',
          id: '10051',
          url: 'https://acme.atlassian.net/browse/OPS-17?focusedCommentId=10051',
        },
      ],
    });
    const [edited] = await events('comment-updated-restricted');
    expect(edited).toMatchObject({ type: EventType.CommentEdited, time: '2026-11-30T10:05:20.002Z' });
    expect(edited!.data).toMatchObject({ commentId: '10052', visibility: 'internal' });
    const [deleted] = await events('comment-deleted');
    expect(deleted).toMatchObject({ type: EventType.CommentDeleted, subject: 'OPS-17/comments/10051' });
  });

  it('gives a re-delivered webhook the same event id (Jira retries for up to 30 minutes)', async () => {
    const first = await events('issue-updated-status-assignee');
    const again = await deliver('issue-updated-status-assignee', {
      receivedAt: new Date('2026-12-01T14:25:00Z'),
    });
    expect(again.ok && again.events.map((e) => e.id)).toEqual(first.map((e) => e.id));
  });

  it('refuses a wrong or missing X-Hub-Signature, and everything when no secret is configured', async () => {
    const forged = await deliver('issue-created', { signature: hubSignature(Buffer.from('{}')) });
    expect(forged).toMatchObject({ ok: false, status: 403, reason: 'bad_signature' });
    expect(await deliver('issue-created', { signature: null })).toMatchObject({ ok: false, status: 401 });
    const unsigned = bindJira({ secrets: { apiToken: 'ATATT3xFfGF0-jira-token-5d81c7' } });
    expect(await processWebhook(unsigned, jiraWebhookRequest('issue-created'))).toMatchObject({
      ok: false,
      status: 401,
      reason: 'not_configured',
    });
  });

  it('answers 422 naming the path for a payload that is not what Jira sends', async () => {
    const refused = (outcome: WebhookOutcome) =>
      !outcome.ok && outcome.status === 422 ? outcome.errors : outcome;
    expect(refused(await deliver({ issue: { key: 'OPS-1' } }))).toEqual([
      { path: 'body.webhookEvent', message: 'must be a non-empty string' },
    ]);
    expect(refused(await deliver({ webhookEvent: 'jira:issue_created', issue: { id: '1' } }))).toEqual([
      { path: 'body.issue.key', message: 'must be the issue key' },
    ]);
    expect(
      refused(await deliver({ webhookEvent: 'comment_created', issue: { key: 'OPS-1' }, comment: {} })),
    ).toEqual([{ path: 'body.comment.id', message: 'must be the comment id' }]);
    expect(refused(await deliver([1, 2]))).toEqual([{ path: 'body', message: 'must be a JSON object' }]);
  });

  it('acknowledges events it does not map without publishing anything', async () => {
    const outcome = await deliver({ webhookEvent: 'sprint_started', sprint: { id: 1 } });
    expect(outcome).toEqual({ ok: true, events: [] });
  });

  it('survives surprising field values: a missing summary, an unknown status, odd timestamps', async () => {
    const outcome = await deliver({
      webhookEvent: 'jira:issue_created',
      timestamp: 'not a time',
      issue: {
        id: 7,
        key: 'OPS-7',
        fields: { status: { name: 'Triage' }, priority: 42, created: 1, description: { type: 'doc' } },
      },
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.events[0]!.data).toMatchObject({
      title: 'OPS-7',
      status: 'open',
      nativeStatus: 'Triage',
      createdAt: '1970-01-01T00:00:00.001Z',
    });
  });
});
