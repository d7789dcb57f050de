import { pollPages } from '@switchboard/connector-sdk';
import type { CloudEvent } from '@switchboard/events';
import type { RedmineIssue } from '../api/redmine-api.types';
import { startFakeRedmine, type FakeRedmine } from '../testing/fake-redmine';
import { bindRedmine, fixtureJson } from '../testing/redmine-fixtures';

// The captured story (test/connectors/redmine/capture-fixtures.ts): the hub created issue 1; the
// admin changed status, priority, assignee, subject, description and External ID with a note;
// the hub added a public and a private note; the admin closed it and unassigned it.
const captured = fixtureJson<{ issue: RedmineIssue }>('api/issue-with-journals.json').issue;

describe('Redmine issue → canonical events (captured issue with journals)', () => {
  let redmine: FakeRedmine;
  let events: CloudEvent[];
  beforeAll(async () => {
    redmine = await startFakeRedmine({ issues: [captured] });
    const instance = bindRedmine({ baseUrl: redmine.url });
    events = [];
    for await (const page of pollPages(instance, undefined)) events.push(...page.events);
  });
  afterAll(() => redmine.close());

  const ref = () => ({
    system: 'redmine',
    instanceId: 'redmine-prod',
    id: '1',
    url: `${redmine.url}/issues/1`,
  });

  it('emits the creation, then each journal in order: changes before notes', () => {
    expect(events.map((e) => [e.type.replace('io.switchboard.itsm.', ''), e.originchangeid ?? '-'])).toEqual([
      ['ticket.created.v1', 'issue:1'],
      ['ticket.updated.v1', '-'],
      ['comment.added.v1', '-'],
      ['comment.added.v1', 'journal:2'],
      ['comment.added.v1', 'journal:3'],
      ['ticket.updated.v1', '-'],
    ]);
    expect(new Set(events.map((e) => e.subject))).toEqual(new Set(['1']));
    expect(
      events.every((e) => e.source === '/connectors/redmine/redmine-prod' && e.syncmode === 'backfill'),
    ).toBe(true);
  });

  it('rebuilds the ticket as it was created, undoing every journal', () => {
    expect(events[0]).toMatchObject({ time: '2026-12-01T14:28:02Z' });
    expect(events[0]!.data).toEqual({
      kind: 'incident',
      title: 'Disk / on db01 is 97% full',
      status: 'new',
      nativeStatus: 'New',
      priority: 'high',
      nativePriority: 'High',
      description:
        '## Impact\n\nThe **orders** database on `db01` stops writing at 100%.\n\n- grow the volume\n- or purge _old_ WAL files\n\nRunbook: [disk full](https://runbooks.example.com/disk-full)',
      nativeDescription: captured.journals![0]!.details[1]!.old_value,
      reporter: { id: '5', displayName: 'Integration Hub' },
      createdAt: '2026-12-01T14:28:02Z',
      updatedAt: '2026-12-01T14:28:02Z',
      customFields: { 'redmine.1': 'sb-0123456789abcdef01234567' },
      externalRefs: [ref()],
    });
  });

  it('carries each change of a journal with its old and new value, mapped to canonical paths', () => {
    expect(events[1]!.data).toEqual({
      changes: [
        { path: 'title', old: 'Disk / on db01 is 97% full', new: 'Disk / on db01 is 99% full' },
        {
          path: 'description',
          old: expect.stringContaining('- grow the volume'),
          new: '## Impact\n\nThe **orders** database on `db01` stops writing at 100%: **now**.',
        },
        {
          path: 'nativeDescription',
          old: captured.journals![0]!.details[1]!.old_value,
          new: captured.journals![0]!.details[1]!.new_value,
        },
        { path: 'status', old: 'new', new: 'in_progress' },
        { path: 'nativeStatus', old: 'New', new: 'In Progress' },
        { path: 'assignee', old: null, new: { id: '5', displayName: 'Integration Hub' } },
        { path: 'priority', old: 'high', new: 'critical' },
        { path: 'nativePriority', old: 'High', new: 'Urgent' },
        { path: 'customFields.redmine.1', old: 'sb-0123456789abcdef01234567', new: 'INC-4711' },
      ],
      updatedAt: '2026-12-01T14:28:02Z',
      externalRefs: [ref()],
    });
    expect(events[5]!.data).toMatchObject({
      changes: [
        { path: 'status', old: 'in_progress', new: 'closed' },
        { path: 'nativeStatus', old: 'In Progress', new: 'Closed' },
        { path: 'assignee', old: { id: '5', displayName: 'Integration Hub' }, new: null },
      ],
    });
  });

  it('turns notes into comments: markdown body, native copy, author, private notes internal', () => {
    expect(events[2]!.data).toEqual({
      ticketRef: ref(),
      commentId: '1',
      visibility: 'public',
      author: { id: '1', displayName: 'Redmine Admin' },
      body: 'Taking this one. Growing the volume by **50 GB** now.',
      nativeBody: 'Taking this one. Growing the volume by **50 GB** now.',
      createdAt: '2026-12-01T14:28:02Z',
    });
    expect(events[3]!.data).toMatchObject({
      visibility: 'public',
      body: 'Volume grown: _df_ shows 61% used.',
    });
    expect(events[4]!.data).toMatchObject({
      commentId: '3',
      visibility: 'internal',
      author: { id: '5', displayName: 'Integration Hub' },
    });
  });

  it('gives each occurrence the same id on every poll (the journal id and the time make it)', async () => {
    const again: CloudEvent[] = [];
    for await (const page of pollPages(bindRedmine({ baseUrl: redmine.url }), undefined))
      again.push(...page.events);
    expect(again.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});
