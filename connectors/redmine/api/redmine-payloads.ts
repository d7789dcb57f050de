import { SwitchboardError, extractVendorError } from '@switchboard/connector-sdk';
import type {
  RedmineCustomFieldValue,
  RedmineIssue,
  RedmineIssueList,
  RedmineJournal,
  RedmineJournalDetail,
  RedmineMembership,
  RedmineRef,
  RedmineStatus,
  RedmineUser,
} from './redmine-api.types';

// Readers of Redmine's answers. A body that is not what Redmine sends (an HTML page from a proxy
// or a wrong baseUrl, a field missing or of another type) becomes a `permanent` SwitchboardError
// naming the request, the path and what was expected, with the vendor's own text when there is
// some: never a TypeError deep inside a mapper, and never half-mapped data.

/** Where a body does not have the expected shape. */
class ShapeProblem extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path} ${expected}`);
  }
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ShapeProblem(path, 'must be an object');
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new ShapeProblem(path, 'must be a list');
  return value;
}

function id(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new ShapeProblem(path, 'must be a non-negative integer');
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new ShapeProblem(path, 'must be a string');
  return value;
}

/** Redmine sends null for an empty text in some versions and places. */
function text(value: unknown, path: string): string {
  return value === null || value === undefined ? '' : string(value, path);
}

function timestamp(value: unknown, path: string): string {
  const raw = string(value, path);
  if (Number.isNaN(Date.parse(raw))) throw new ShapeProblem(path, 'must be an ISO 8601 timestamp');
  return raw;
}

function ref(value: unknown, path: string): RedmineRef {
  const o = object(value, path);
  return { id: id(o.id, `${path}.id`), name: text(o.name, `${path}.name`) };
}

function customFieldValue(value: unknown, path: string): RedmineCustomFieldValue {
  const o = object(value, path);
  const raw = o.value;
  let parsed: string | string[] | null;
  if (raw === null || raw === undefined) parsed = null;
  else if (Array.isArray(raw)) parsed = raw.map((v, i) => string(v, `${path}.value[${i}]`));
  else parsed = string(raw, `${path}.value`);
  return { id: id(o.id, `${path}.id`), name: text(o.name, `${path}.name`), value: parsed };
}

function detail(value: unknown, path: string): RedmineJournalDetail {
  const o = object(value, path);
  const optional = (v: unknown, p: string) => (v === null || v === undefined ? null : string(v, p));
  return {
    property: string(o.property, `${path}.property`),
    name: string(o.name, `${path}.name`),
    old_value: optional(o.old_value, `${path}.old_value`),
    new_value: optional(o.new_value, `${path}.new_value`),
  };
}

function journal(value: unknown, path: string): RedmineJournal {
  const o = object(value, path);
  return {
    id: id(o.id, `${path}.id`),
    user: ref(o.user, `${path}.user`),
    notes: text(o.notes, `${path}.notes`),
    created_on: timestamp(o.created_on, `${path}.created_on`),
    private_notes: o.private_notes === true,
    details: array(o.details ?? [], `${path}.details`).map((d, i) => detail(d, `${path}.details[${i}]`)),
  };
}

/** One issue (`issue` of `GET /issues/N.json`, an item of `GET /issues.json`). */
export function readIssue(value: unknown, path = 'issue'): RedmineIssue {
  const o = object(value, path);
  const issueId = id(o.id, `${path}.id`);
  const status = object(o.status, `${path}.status`);
  const issue: RedmineIssue = {
    id: issueId,
    project: ref(o.project, `${path}.project`),
    tracker: ref(o.tracker, `${path}.tracker`),
    status: {
      ...ref(status, `${path}.status`),
      ...(typeof status.is_closed === 'boolean' && { is_closed: status.is_closed }),
    },
    priority: ref(o.priority, `${path}.priority`),
    author: ref(o.author, `${path}.author`),
    subject: string(o.subject, `${path}.subject`),
    description: text(o.description, `${path}.description`),
    custom_fields: array(o.custom_fields ?? [], `${path}.custom_fields`).map((cf, i) =>
      customFieldValue(cf, `${path}.custom_fields[${i}]`),
    ),
    created_on: timestamp(o.created_on, `${path}.created_on`),
    updated_on: timestamp(o.updated_on, `${path}.updated_on`),
    closed_on:
      o.closed_on === null || o.closed_on === undefined ? null : timestamp(o.closed_on, `${path}.closed_on`),
  };
  if (o.assigned_to !== undefined && o.assigned_to !== null)
    issue.assigned_to = ref(o.assigned_to, `${path}.assigned_to`);
  if (o.journals !== undefined)
    issue.journals = array(o.journals, `${path}.journals`).map((j, i) =>
      journal(j, `${path}.journals[${i}]`),
    );
  return issue;
}

/** `GET /issues/N.json`. */
export function readIssueBody(body: unknown): RedmineIssue {
  return readIssue(object(body, 'body').issue, 'issue');
}

/** `GET /issues.json`. */
export function readIssueList(body: unknown): RedmineIssueList {
  const o = object(body, 'body');
  return {
    issues: array(o.issues, 'issues').map((issue, i) => readIssue(issue, `issues[${i}]`)),
    total_count: id(o.total_count, 'total_count'),
    offset: id(o.offset ?? 0, 'offset'),
    limit: id(o.limit ?? 0, 'limit'),
  };
}

/** `GET /issue_statuses.json`. */
export function readStatuses(body: unknown): RedmineStatus[] {
  return array(object(body, 'body').issue_statuses, 'issue_statuses').map((value, i) => {
    const path = `issue_statuses[${i}]`;
    return { ...ref(value, path), is_closed: object(value, path).is_closed === true };
  });
}

/** `GET /enumerations/issue_priorities.json`. */
export function readPriorities(body: unknown): RedmineRef[] {
  return array(object(body, 'body').issue_priorities, 'issue_priorities').map((value, i) =>
    ref(value, `issue_priorities[${i}]`),
  );
}

/** `GET /trackers.json`. */
export function readTrackers(body: unknown): RedmineRef[] {
  return array(object(body, 'body').trackers, 'trackers').map((value, i) => ref(value, `trackers[${i}]`));
}

/** `GET /users/current.json`, `GET /users/N.json`. */
export function readUser(body: unknown): RedmineUser {
  const user = object(object(body, 'body').user, 'user');
  return {
    id: id(user.id, 'user.id'),
    ...(typeof user.login === 'string' && { login: user.login }),
    firstname: text(user.firstname, 'user.firstname'),
    lastname: text(user.lastname, 'user.lastname'),
  };
}

/** `GET /projects/P/memberships.json`: its members and the total. */
export function readMemberships(body: unknown): { members: RedmineMembership[]; total: number } {
  const o = object(body, 'body');
  const members = array(o.memberships, 'memberships').map((value, i) => {
    const path = `memberships[${i}]`;
    const m = object(value, path);
    return {
      ...(m.user !== undefined && { user: ref(m.user, `${path}.user`) }),
      ...(m.group !== undefined && { group: ref(m.group, `${path}.group`) }),
    };
  });
  return { members, total: id(o.total_count ?? members.length, 'total_count') };
}

/** `GET /projects/P.json`. */
export function readProject(body: unknown): RedmineRef & { identifier: string } {
  const project = object(object(body, 'body').project, 'project');
  return { ...ref(project, 'project'), identifier: string(project.identifier, 'project.identifier') };
}

/**
 * Runs `reader` on the body of `request` (`GET /issues.json`); a body of another shape becomes a
 * `permanent` error: Redmine is not going to answer differently on a retry.
 */
export function readAnswer<T>(request: string, body: unknown, reader: (body: unknown) => T): T {
  try {
    return reader(body);
  } catch (error) {
    if (!(error instanceof ShapeProblem)) throw error;
    throw SwitchboardError.permanent(
      `${request} answered ${describe(body)}, not what Redmine answers (${error.path} ${error.expected}): is baseUrl the Redmine root, with the REST API enabled?`,
    );
  }
}

function describe(body: unknown): string {
  if (body === undefined || body === null || body === '') return 'an empty body';
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    const said = extractVendorError(body, 160).message;
    return said ? `a non-JSON body ("${said}")` : 'a non-JSON body';
  }
  return Array.isArray(body) ? 'a JSON list' : 'JSON';
}
