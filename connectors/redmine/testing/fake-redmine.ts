import type { ServerResponse } from 'node:http';
import { replyJson, startFakeVendor, type VendorRequest } from '@switchboard/connector-testkit';
import type {
  RedmineIssue,
  RedmineIssueWrite,
  RedmineJournalDetail,
  RedmineRef,
  RedmineStatus,
} from '../api/redmine-api.types';
import { fixtureJson, SPEC_API_KEY } from './redmine-fixtures';

/** An answer a spec imposes on a request (a fault, a surprise), instead of the fake's own. */
export interface ImposedAnswer {
  status: number;
  /** JSON, or text sent as it is (an HTML page). */
  body?: unknown;
  contentType?: string;
}

/**
 * An in-memory Redmine 5 REST API for unit specs, answering as the real one does where the
 * connector can tell (checked against the captures in fixtures/api/ and the e2e suites): API key
 * or 401, the lookups of the default data, issues with journals (details with old and new values,
 * private notes in a journal of their own), `cf_N`, `status_id`, `updated_on>=` filters, offset
 * paging capped at 100, 422 `{"errors":[…]}`, a status not in the workflow silently ignored.
 * The e2e suites use the real Redmine.
 */
export interface FakeRedmine {
  readonly url: string;
  /** Issues by id, journals included; specs may change them directly ("another user"). */
  readonly issues: Map<number, RedmineIssue>;
  /** Requests since the last {@link FakeRedmine.forget}. */
  readonly requests: readonly VendorRequest[];
  forget(): void;
  /** Answers instead of the fake when it returns something. */
  impose?: (request: VendorRequest) => ImposedAnswer | undefined;
  /** The clock of created_on / updated_on (whole seconds, as Redmine). */
  now: () => Date;
  /** Statuses the workflow lets the hub's user set (default all): others are silently ignored. */
  allowedStatusIds?: Set<number>;
  close(): Promise<void>;
}

const STATUSES = fixtureJson<{ issue_statuses: RedmineStatus[] }>(
  'api/lookups/issue-statuses.json',
).issue_statuses;
const PRIORITIES = fixtureJson<{ issue_priorities: RedmineRef[] }>(
  'api/lookups/issue-priorities.json',
).issue_priorities;
const TRACKERS = fixtureJson<{ trackers: RedmineRef[] }>('api/lookups/trackers.json').trackers;
const USERS: Record<number, { login: string; firstname: string; lastname: string }> = {
  1: { login: 'admin', firstname: 'Redmine', lastname: 'Admin' },
  5: { login: 'hub', firstname: 'Integration', lastname: 'Hub' },
};
const SELF = 5;
const ADMIN = 1;
/** The key of the fake's admin: changes made with it are "another user's" (journal user 1). */
export const FAKE_ADMIN_KEY = 'a0a0-fake-redmine-admin-key';
const PROJECT = { id: 1, name: 'ITSM Testbed' };
const CUSTOM_FIELDS: Record<number, string> = { 1: 'External ID' };

export async function startFakeRedmine(
  options: { apiKey?: string; issues?: RedmineIssue[] } = {},
): Promise<FakeRedmine> {
  const apiKey = options.apiKey ?? SPEC_API_KEY;
  let seen = 0;
  let journalIds = 0;
  const issues = new Map<number, RedmineIssue>();
  for (const issue of options.issues ?? []) {
    issues.set(issue.id, structuredClone(issue));
    for (const journal of issue.journals ?? []) journalIds = Math.max(journalIds, journal.id);
  }

  let actor = SELF;
  const vendor = await startFakeVendor((request, response) => {
    const imposed = fake.impose?.(request);
    if (imposed) return answer(response, imposed);
    const key = request.headers['x-redmine-api-key'];
    if (key !== apiKey && key !== FAKE_ADMIN_KEY) return answer(response, { status: 401, body: '' });
    actor = key === FAKE_ADMIN_KEY ? ADMIN : SELF;
    return answer(response, route(request));
  });

  const time = () =>
    new Date(Math.floor(fake.now().getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const user = (id: number): RedmineRef => ({ id, name: `${USERS[id]!.firstname} ${USERS[id]!.lastname}` });

  function route(request: VendorRequest): ImposedAnswer {
    const { method, path, query } = request;
    const issuePath = /^\/issues\/(\d+)\.json$/.exec(path);
    if (method === 'GET' && path === '/users/current.json')
      return { status: 200, body: { user: { id: actor, ...USERS[actor], admin: actor === ADMIN } } };
    const userPath = /^\/users\/(\d+)\.json$/.exec(path);
    if (method === 'GET' && userPath)
      return USERS[Number(userPath[1])]
        ? { status: 200, body: { user: { id: Number(userPath[1]), ...USERS[Number(userPath[1])] } } }
        : { status: 404, body: '' };
    if (method === 'GET' && path === '/issue_statuses.json')
      return { status: 200, body: { issue_statuses: STATUSES } };
    if (method === 'GET' && path === '/enumerations/issue_priorities.json')
      return { status: 200, body: { issue_priorities: PRIORITIES } };
    if (method === 'GET' && path === '/trackers.json') return { status: 200, body: { trackers: TRACKERS } };
    if (method === 'GET' && path === '/projects/itsm.json')
      return { status: 200, body: fixtureJson('api/lookups/project.json') };
    if (method === 'GET' && path === '/projects/itsm/memberships.json')
      return { status: 200, body: fixtureJson('api/lookups/memberships.json') };
    if (method === 'GET' && path === '/issues.json') return { status: 200, body: list(query) };
    if (method === 'POST' && path === '/issues.json') return create(JSON.parse(request.body).issue);
    if (issuePath) {
      const issue = issues.get(Number(issuePath[1]));
      if (!issue) return { status: 404, body: '' };
      if (method === 'GET')
        return { status: 200, body: { issue: shown(issue, query.get('include') === 'journals') } };
      if (method === 'PUT') return update(issue, JSON.parse(request.body).issue);
    }
    return { status: 404, body: '' };
  }

  function list(query: URLSearchParams) {
    let found = [...issues.values()];
    const status = query.get('status_id') ?? 'open';
    if (status === 'open') found = found.filter((i) => !i.status.is_closed);
    else if (status !== '*') found = found.filter((i) => status.split('|').includes(String(i.status.id)));
    for (const [name, value] of query)
      if (/^cf_\d+$/.test(name) && CUSTOM_FIELDS[Number(name.slice(3))])
        found = found.filter((i) => i.custom_fields.some((f) => `cf_${f.id}` === name && f.value === value));
    const since = /^>=(.*)$/.exec(query.get('updated_on') ?? '')?.[1];
    if (since) found = found.filter((i) => Date.parse(i.updated_on) >= Date.parse(since));
    const sort = query.get('sort') ?? 'id:desc';
    found.sort((a, b) =>
      sort.startsWith('updated_on,')
        ? Date.parse(a.updated_on) - Date.parse(b.updated_on) || a.id - b.id
        : sort.startsWith('id:desc') || sort.startsWith('updated_on:desc')
          ? b.id - a.id
          : a.id - b.id,
    );
    const offset = Number(query.get('offset') ?? 0);
    const limit = Math.min(Number(query.get('limit') ?? 25), 100);
    return {
      issues: found.slice(offset, offset + limit).map((i) => shown(i, false)),
      total_count: found.length,
      offset,
      limit,
    };
  }

  function create(write: RedmineIssueWrite): ImposedAnswer {
    if (!write.subject) return { status: 422, body: { errors: ['Subject cannot be blank'] } };
    const at = time();
    const issue: RedmineIssue = {
      id: Math.max(0, ...issues.keys()) + 1,
      project: PROJECT,
      tracker: TRACKERS.find((t) => t.id === (write.tracker_id ?? 1))!,
      status: { ...STATUSES[0]! },
      priority: PRIORITIES.find((p) => p.id === (write.priority_id ?? 2))!,
      author: user(actor),
      subject: write.subject,
      // Redmine keeps the CRLF line ends browsers send, and answers them to API clients too.
      description: (write.description ?? '').replace(/\r?\n/g, '\r\n'),
      custom_fields: Object.entries(CUSTOM_FIELDS).map(([id, name]) => ({
        id: Number(id),
        name,
        value: write.custom_fields?.find((f) => f.id === Number(id))?.value ?? '',
      })),
      created_on: at,
      updated_on: at,
      closed_on: null,
      journals: [],
    };
    const problem = assign(issue, write);
    if (problem) return problem;
    issues.set(issue.id, issue);
    return { status: 201, body: { issue: shown(issue, false) } };
  }

  /** Status, priority and assignee of `write` on `issue`; a 422 answer for a value Redmine refuses. */
  function assign(issue: RedmineIssue, write: RedmineIssueWrite): ImposedAnswer | undefined {
    if (write.priority_id !== undefined) {
      const priority = PRIORITIES.find((p) => p.id === write.priority_id);
      if (!priority) return { status: 422, body: { errors: ['Priority cannot be blank'] } };
      issue.priority = priority;
    }
    if (write.assigned_to_id !== undefined) {
      if (write.assigned_to_id === '') delete issue.assigned_to;
      else if (write.assigned_to_id !== SELF)
        return { status: 422, body: { errors: ['Assignee is invalid'] } };
      else issue.assigned_to = user(SELF);
    }
    const status = STATUSES.find((s) => s.id === write.status_id);
    // Like Redmine: a status the workflow does not allow is dropped without a word.
    if (status && (fake.allowedStatusIds?.has(status.id) ?? true)) {
      issue.status = { ...status };
      issue.closed_on = status.is_closed ? time() : issue.closed_on;
    }
    return undefined;
  }

  function update(issue: RedmineIssue, write: RedmineIssueWrite): ImposedAnswer {
    const before = structuredClone(issue);
    const problem = assign(issue, write);
    if (problem) {
      issues.set(issue.id, before);
      return problem;
    }
    if (write.subject !== undefined) issue.subject = write.subject;
    if (write.description !== undefined) issue.description = write.description.replace(/\r?\n/g, '\r\n');
    for (const field of write.custom_fields ?? []) {
      const target = issue.custom_fields.find((f) => f.id === field.id);
      if (target) target.value = field.value;
    }
    const details = changes(before, issue);
    const at = time();
    const journal = (notes: string, privateNotes: boolean, journalDetails: RedmineJournalDetail[]) =>
      issue.journals!.push({
        id: ++journalIds,
        user: user(actor),
        notes,
        created_on: at,
        private_notes: privateNotes,
        details: journalDetails,
      });
    const notes = write.notes?.replace(/\r?\n/g, '\r\n') ?? '';
    // Redmine 5 keeps private notes out of the journal of the field changes.
    if (write.private_notes && notes && details.length > 0) {
      journal('', false, details);
      journal(notes, true, []);
    } else if (notes || details.length > 0) journal(notes, write.private_notes === true, details);
    if (notes || details.length > 0) issue.updated_on = at;
    return { status: 204 };
  }

  const fake: FakeRedmine = {
    url: vendor.url,
    issues,
    get requests() {
      return vendor.requests.slice(seen);
    },
    forget: () => {
      seen = vendor.requests.length;
    },
    now: () => new Date(),
    close: () => vendor.close(),
  };
  return fake;
}

/** The details Redmine journals for the difference between two versions of an issue. */
function changes(before: RedmineIssue, after: RedmineIssue): RedmineJournalDetail[] {
  const details: RedmineJournalDetail[] = [];
  const attr = (name: string, old: string | null, now: string | null) => {
    if (old !== now) details.push({ property: 'attr', name, old_value: old, new_value: now });
  };
  attr('subject', before.subject, after.subject);
  attr('description', before.description, after.description);
  attr('status_id', String(before.status.id), String(after.status.id));
  attr(
    'assigned_to_id',
    before.assigned_to ? String(before.assigned_to.id) : null,
    after.assigned_to ? String(after.assigned_to.id) : null,
  );
  attr('priority_id', String(before.priority.id), String(after.priority.id));
  for (const field of after.custom_fields) {
    const old = before.custom_fields.find((f) => f.id === field.id)?.value ?? null;
    if (old !== field.value)
      details.push({
        property: 'cf',
        name: String(field.id),
        old_value: old as string | null,
        new_value: field.value as string | null,
      });
  }
  return details;
}

function shown(issue: RedmineIssue, withJournals: boolean): RedmineIssue {
  const { journals, ...rest } = issue;
  return structuredClone(withJournals ? { ...rest, journals } : rest);
}

function answer(response: ServerResponse, answered: ImposedAnswer): void {
  if (typeof answered.body === 'string' || answered.body === undefined)
    response
      .writeHead(answered.status, { 'content-type': answered.contentType ?? 'application/json' })
      .end(answered.body ?? '');
  else replyJson(response, answered.status, answered.body);
}
