import { ErrorCode, MemoryStateStore, runAction, type CommandMeta } from '@switchboard/connector-sdk';
import type { RedmineIssue } from '../api/redmine-api.types';
import { startFakeRedmine, type FakeRedmine } from '../testing/fake-redmine';
import { bindRedmine, fixtureJson } from '../testing/redmine-fixtures';

const meta = (idempotencyKey = 'run-1/create'): CommandMeta => ({
  idempotencyKey,
  commandId: 'cmd-1',
  attempt: 1,
});
const captured = () => fixtureJson<{ issue: RedmineIssue }>('api/issue-with-journals.json').issue;

describe('ticket commands', () => {
  let redmine: FakeRedmine;
  beforeEach(async () => {
    redmine = await startFakeRedmine({ issues: [captured()] });
  });
  afterEach(() => redmine.close());
  const instance = (state = new MemoryStateStore(), config: Record<string, unknown> = {}) =>
    bindRedmine({ baseUrl: redmine.url, state, config });
  const posted = () =>
    redmine.requests
      .filter((r) => r.method === 'POST' && r.path === '/issues.json')
      .map((r) => JSON.parse(r.body) as { issue: Record<string, unknown> });

  describe('ticket.create', () => {
    const input = {
      title: 'Disk / on db07 is 98% full',
      kind: 'incident',
      priority: 'critical',
      description: 'The **orders** DB stops at 100%.\n\n- grow it',
      customFields: { 'redmine.7': 'ignored by this Redmine' },
    };

    it('creates the issue with mapped fields, Textile and the marker, and answers its ref', async () => {
      const outcome = await runAction(instance(), 'ticket.create', input, meta());
      expect(outcome.output).toEqual({
        ticket: { system: 'redmine', instanceId: 'redmine-prod', id: '2', url: `${redmine.url}/issues/2` },
        created: true,
      });
      expect(posted()).toEqual([
        {
          issue: {
            project_id: 'itsm',
            subject: 'Disk / on db07 is 98% full',
            description: 'The *orders* DB stops at 100%.\n\n* grow it',
            tracker_id: 1,
            priority_id: 5,
            custom_fields: [
              { id: 7, value: 'ignored by this Redmine' },
              { id: 1, value: expect.stringMatching(/^sb-[0-9a-f]{24}$/) },
            ],
          },
        },
      ]);
    });

    it('creates one issue per idempotency key, even when the hub forgot it created one', async () => {
      const first = await runAction(instance(), 'ticket.create', input, meta());
      const retried = await runAction(instance(new MemoryStateStore()), 'ticket.create', input, meta());
      expect(retried.output).toEqual({ ...first.output, created: false });
      expect(posted()).toHaveLength(1);
      await runAction(instance(), 'ticket.create', input, meta('run-2/create'));
      expect(redmine.issues.size).toBe(3);
    });

    it('sends a fresh command one request, the create; a failed create leaves a search for the retry', async () => {
      const state = new MemoryStateStore();
      const fresh = { ...meta(), issuedAt: new Date() };
      const issueCalls = () =>
        redmine.requests.filter((r) => r.path === '/issues.json').map((r) => `${r.method} ${r.path}`);
      redmine.impose = (request) =>
        request.method === 'POST' ? { status: 502, body: { errors: ['proxy lost the answer'] } } : undefined;
      await expect(runAction(instance(state), 'ticket.create', input, fresh)).rejects.toThrow();
      redmine.impose = undefined;
      expect(issueCalls()).toEqual(['POST /issues.json']);

      const first = await runAction(instance(state), 'ticket.create', input, fresh);
      expect(issueCalls()).toEqual([
        'POST /issues.json',
        'GET /issues.json', // the pending record of the failed try: it may have gone through
        'POST /issues.json',
      ]);
      const again = await runAction(instance(state), 'ticket.create', input, { ...fresh, attempt: 2 });
      expect(again.output).toEqual({ ...first.output, created: false });
      expect(issueCalls()).toHaveLength(3); // answered from the recorded result
    });

    it('checks the marker itself: a Redmine ignoring the filter does not make it find a stranger', async () => {
      redmine.impose = (request) =>
        request.method === 'GET' && request.path === '/issues.json'
          ? { status: 200, body: { issues: [captured()].map(({ journals: _j, ...i }) => i), total_count: 1 } }
          : undefined;
      const outcome = await runAction(instance(), 'ticket.create', input, meta());
      expect(outcome.output).toMatchObject({ ticket: { id: '2' }, created: true });
    });

    it('refuses what Redmine cannot hold before writing anything', async () => {
      const refused = async (extra: Record<string, unknown>, path: string, message: RegExp) => {
        const error = await runAction(instance(), 'ticket.create', { ...input, ...extra }, meta()).catch(
          (e) => e,
        );
        expect(error).toMatchObject({
          code: ErrorCode.Validation,
          fieldErrors: [{ path, message: expect.stringMatching(message) }],
        });
      };
      await refused({ labels: ['db'] }, 'input.labels', /no labels/);
      await refused(
        { kind: 'problem' },
        'input.kind',
        /no Redmine tracker is mapped to: add one to trackerKinds/,
      );
      await refused(
        { status: 'open' },
        'input.status',
        /no Redmine status is mapped to: add one to statusMap/,
      );
      await refused({ customFields: { 'redmine.1': 'x' } }, 'input.customFields.redmine.1', /marker field/);
      await refused(
        { customFields: { 'jira.x': 'x' } },
        'input.customFields.jira.x',
        /keys are redmine.<field id>/,
      );
      await refused({ assignee: { displayName: 'Nobody' } }, 'input.assignee', /nobody among the members/);
      expect(posted()).toEqual([]);
    });

    it('resolves a status, a tracker and an assignee by name through Redmine’s lists and the config maps', async () => {
      const config = { trackerKinds: { Support: 'problem' }, statusMap: { Feedback: 'open' } };
      await runAction(
        instance(new MemoryStateStore(), config),
        'ticket.create',
        {
          title: 'Why?',
          kind: 'problem',
          status: 'open',
          priority: 'planning',
          assignee: { displayName: 'integration hub' },
        },
        meta(),
      );
      expect(posted()[0]!.issue).toMatchObject({
        tracker_id: 3,
        status_id: 4,
        priority_id: 1,
        assigned_to_id: 5,
      });
    });

    it("surfaces Redmine's own refusal as a validation error with its message", async () => {
      const error = await runAction(
        instance(),
        'ticket.create',
        { ...input, assignee: { id: '99' } },
        meta(),
      ).catch((e) => e);
      expect(error).toMatchObject({
        code: ErrorCode.Validation,
        message: expect.stringContaining('POST /issues.json failed with 422: Assignee is invalid'),
      });
    });
  });

  describe('ticket.update', () => {
    const update = (changes: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      runAction(instance(), 'ticket.update', { ticketId: '1', changes, ...extra }, meta('run-1/update'));
    const puts = () => redmine.requests.filter((r) => r.method === 'PUT').map((r) => JSON.parse(r.body));

    it('writes only what differs, and the resolution as the note of the same journal', async () => {
      const outcome = await update({
        title: 'Disk / on db01 is 99% full',
        status: 'resolved',
        priority: 'high',
        resolution: 'Volume grown by **50 GB**.',
      });
      expect(outcome.output).toEqual({
        ticket: { system: 'redmine', instanceId: 'redmine-prod', id: '1', url: `${redmine.url}/issues/1` },
        changed: ['status', 'priority'],
      });
      expect(puts()).toEqual([
        { issue: { status_id: 3, priority_id: 3, notes: 'Volume grown by *50 GB*.' } },
      ]);
    });

    it('is a no-op when every field already has the value: nothing written, nothing changed', async () => {
      const outcome = await update({
        title: 'Disk / on db01 is 99% full',
        status: 'closed',
        description: '## Impact\n\nThe **orders** database on `db01` stops writing at 100%: **now**.\n',
        customFields: {},
      });
      expect(outcome.output).toMatchObject({ changed: [] });
      expect(puts()).toEqual([]);
    });

    it('says so when Redmine silently drops a status its workflow does not allow', async () => {
      redmine.allowedStatusIds = new Set([1, 2]);
      const error = await update({ status: 'resolved', priority: 'low' }).catch((e) => e);
      expect(error).toMatchObject({
        code: ErrorCode.Validation,
        message: expect.stringContaining('Redmine saved issue #1 without status'),
        fieldErrors: [{ path: 'input.changes.status', message: 'was not applied by Redmine' }],
      });
      expect(redmine.issues.get(1)!.priority.name).toBe('Low');
    });

    it('answers conflict when the issue changed after the version the change was based on', async () => {
      const error = await update({ status: 'resolved' }, { baseUpdatedAt: '2026-12-01T14:00:00Z' }).catch(
        (e) => e,
      );
      expect(error).toMatchObject({
        code: ErrorCode.Conflict,
        message: expect.stringContaining('was updated at'),
      });
      expect(puts()).toEqual([]);
    });

    it('answers not_found for an unknown issue and validation for a ticket id that is no issue number', async () => {
      const run = (ticketId: string) =>
        runAction(instance(), 'ticket.update', { ticketId, changes: { title: 'x' } }, meta('run-1/update'));
      await expect(run('#999')).rejects.toMatchObject({
        code: ErrorCode.NotFound,
        message: expect.stringContaining('GET /issues/999.json failed with 404'),
      });
      await expect(run('OPS-1')).rejects.toMatchObject({
        code: ErrorCode.Validation,
        fieldErrors: [{ path: 'input.ticketId', message: 'must be a Redmine issue number, e.g. 42' }],
      });
    });
  });

  describe('ticket.get and ticket.search', () => {
    it('reads a ticket in the canonical model', async () => {
      const { output } = await runAction(instance(), 'ticket.get', { ticketId: '1' }, meta('get'));
      expect(output.ticket).toMatchObject({
        kind: 'incident',
        title: 'Disk / on db01 is 99% full',
        status: 'closed',
        nativeStatus: 'Closed',
        priority: 'critical',
        nativePriority: 'Urgent',
        description: '## Impact\n\nThe **orders** database on `db01` stops writing at 100%: **now**.',
        reporter: { id: '5', displayName: 'Integration Hub' },
        createdAt: '2026-12-01T14:28:02Z',
        updatedAt: '2026-12-01T14:28:02Z',
        resolvedAt: '2026-12-01T14:28:02Z',
        customFields: { 'redmine.1': 'INC-4711' },
      });
    });

    it("turns canonical filters into Redmine's and pages with a cursor", async () => {
      for (const subject of ['A', 'B', 'C'])
        await runAction(instance(), 'ticket.create', { title: subject }, meta(subject));
      redmine.forget();
      const first = await runAction(
        instance(),
        'ticket.search',
        {
          statuses: ['new', 'in_progress'],
          updatedSince: '2026-01-01T00:00:00.250Z',
          limit: 2,
          query: 'tracker_id=1',
        },
        meta('search'),
      );
      expect(first.output).toMatchObject({
        total: 3,
        nextCursor: '2',
        items: [{ title: 'C' }, { title: 'B' }],
      });
      expect(Object.fromEntries(redmine.requests.find((r) => r.path === '/issues.json')!.query)).toEqual({
        sort: 'updated_on:desc,id:desc',
        tracker_id: '1',
        project_id: 'itsm',
        status_id: '1|2',
        updated_on: '>=2026-01-01T00:00:00Z',
        offset: '0',
        limit: '2',
      });
      const second = await runAction(
        instance(),
        'ticket.search',
        { statuses: ['new'], limit: 2, cursor: '2' },
        meta('search-2'),
      );
      expect(second.output).toEqual({ total: 3, items: [expect.objectContaining({ title: 'A' })] });
      await expect(
        runAction(instance(), 'ticket.search', { query: 'key=stolen' }, meta('search-3')),
      ).rejects.toMatchObject({ code: ErrorCode.Validation });
    });

    it('fails typed, quoting Redmine, when it answers a login page instead of JSON', async () => {
      const page = fixtureJson<{ body: string }>('api/errors/200-html-page.json').body;
      redmine.impose = () => ({ status: 200, body: page, contentType: 'text/html' });
      await expect(runAction(instance(), 'ticket.get', { ticketId: '1' }, meta('get'))).rejects.toMatchObject(
        {
          code: ErrorCode.Permanent,
          message: expect.stringContaining('a non-JSON body ("Issues - Redmine")'),
        },
      );
    });
  });
});
