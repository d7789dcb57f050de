import type { VendorRequest } from '@switchboard/connector-testkit';
import { parseJql } from './fake-jira-jql';
import { categoryId, statusJson, type FakeStatus, type FakeWorkflow } from './fake-jira-workflow';

// The state and the answers of the fake Jira (fake-jira.ts serves them over HTTP).

export interface FakeUser {
  accountId: string;
  displayName: string;
  emailAddress?: string;
  timeZone: string;
}

export const FAKE_ME: FakeUser = {
  accountId: '5b10a2844c20165700ede21g',
  displayName: 'Switchboard Integration',
  emailAddress: 'switchboard@example.com',
  timeZone: 'UTC',
};
export const FAKE_USERS: readonly FakeUser[] = [
  FAKE_ME,
  {
    accountId: '5b10ac8d82e05b22cc7d4ef5',
    displayName: 'Sam Oluwaseun',
    emailAddress: 'sam@example.com',
    timeZone: 'Europe/London',
  },
  { accountId: '712020:1f4c8d90-5b73-42ae-9c61-08d7e3b5a2f4', displayName: 'Sam Taylor', timeZone: 'UTC' },
];

const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
const ISSUE_TYPES = ['Task', 'Bug', 'Story', 'Incident'];

export interface FakeComment {
  id: string;
  author: FakeUser;
  body: unknown;
  created: string;
  visibility?: unknown;
  properties: Record<string, unknown>;
}

export interface FakeIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  statusId: string;
  properties: Record<string, unknown>;
  comments: FakeComment[];
  /** `historyMetadata` of each write, in order (echo suppression). */
  history: unknown[];
  /** Transitions taken, by name. */
  transitions: string[];
}

/** A canned answer for the next call of an operation (faults, surprises). */
export interface FakeReply {
  status: number;
  body?: unknown;
  /** Sent as is, e.g. an HTML error page. */
  text?: string;
  headers?: Record<string, string>;
}

/** The fake's issues and how it answers each operation. */
export interface FakeJiraStore {
  readonly issues: Map<string, FakeIssue>;
  handle(operationId: string, params: string[], request: VendorRequest): FakeReply;
  seed(fields: { summary: string; labels?: string[]; statusName?: string; project?: string }): string;
}

/** A fresh store; `site` is the fake's URL (for `self` links), known once it listens. */
export function createFakeJiraStore(
  workflow: FakeWorkflow,
  projects: readonly string[],
  site: () => string,
): FakeJiraStore {
  const issues = new Map<string, FakeIssue>();
  let clock = Date.parse('2026-12-01T10:00:00.000Z');
  let nextIssueId = 10000;
  let nextCommentId = 10050;

  const tick = () => jiraTime((clock += 1000));
  const status = (id: string): FakeStatus => workflow.statuses.find((s) => s.id === id)!;
  const user = (accountId: unknown) => FAKE_USERS.find((u) => u.accountId === accountId);
  const userJson = (u: FakeUser) => ({
    self: `${site()}/rest/api/3/user?accountId=${u.accountId}`,
    accountId: u.accountId,
    accountType: 'atlassian',
    active: true,
    displayName: u.displayName,
    ...(u.emailAddress && { emailAddress: u.emailAddress }),
    timeZone: u.timeZone,
  });
  const issueOf = (key: string) =>
    issues.get(decodeURIComponent(key)) ?? [...issues.values()].find((i) => i.id === key);

  const fieldErrors = (fields: Record<string, unknown>, creating: boolean): Record<string, string> => {
    const errors: Record<string, string> = {};
    if (creating && !fields.summary) errors.summary = 'You must specify a summary of the issue.';
    if (creating && !projects.includes(String((fields.project as { key?: unknown })?.key)))
      errors.project = 'valid project is required';
    if (creating && !ISSUE_TYPES.includes(String((fields.issuetype as { name?: unknown })?.name)))
      errors.issuetype = 'Specify a valid issue type';
    if (
      fields.priority !== undefined &&
      !PRIORITIES.includes(String((fields.priority as { name?: unknown })?.name))
    )
      errors.priority = `Specify a valid value for priority`;
    if (
      fields.assignee !== undefined &&
      fields.assignee !== null &&
      !user((fields.assignee as { accountId?: unknown }).accountId)
    )
      errors.assignee = `User '${String((fields.assignee as { accountId?: unknown }).accountId)}' does not exist.`;
    return errors;
  };

  const applyFields = (issue: FakeIssue, fields: Record<string, unknown>) => {
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'priority')
        issue.fields.priority = {
          id: String(PRIORITIES.indexOf(String((value as { name: string }).name)) + 1),
          name: (value as { name: string }).name,
        };
      else if (name === 'assignee')
        issue.fields.assignee =
          value === null ? null : userJson(user((value as { accountId: string }).accountId)!);
      else if (name === 'issuetype')
        issue.fields.issuetype = {
          id: String(10001 + ISSUE_TYPES.indexOf(String((value as { name: string }).name))),
          name: (value as { name: string }).name,
          subtask: false,
        };
      else if (name === 'project')
        issue.fields.project = {
          id: String(10000 + projects.indexOf(String((value as { key: string }).key))),
          key: (value as { key: string }).key,
          name: `Project ${(value as { key: string }).key}`,
        };
      else issue.fields[name] = value;
    }
    issue.fields.updated = tick();
  };

  const createIssue = (fields: Record<string, unknown>, properties: Record<string, unknown>): FakeIssue => {
    const id = String(nextIssueId++);
    const project = String((fields.project as { key: string }).key);
    const key = `${project}-${[...issues.values()].filter((i) => i.key.startsWith(`${project}-`)).length + 1}`;
    const now = tick();
    const issue: FakeIssue = {
      id,
      key,
      statusId: workflow.initial,
      fields: {
        created: now,
        reporter: userJson(FAKE_ME),
        assignee: null,
        labels: [],
        resolution: null,
        resolutiondate: null,
        description: null,
        priority: { id: '3', name: 'Medium' },
      },
      properties,
      comments: [],
      history: [],
      transitions: [],
    };
    applyFields(issue, fields);
    issues.set(key, issue);
    return issue;
  };

  const issueJson = (issue: FakeIssue, wanted?: string | null) => {
    const all = { ...issue.fields, status: statusJson(status(issue.statusId), site()) };
    const names =
      !wanted || wanted === '*all' || wanted === '*navigable'
        ? Object.keys(all)
        : wanted.split(',').map((f) => f.trim());
    return {
      id: issue.id,
      key: issue.key,
      self: `${site()}/rest/api/3/issue/${issue.id}`,
      fields: Object.fromEntries(names.filter((n) => n in all).map((n) => [n, all[n as keyof typeof all]])),
    };
  };

  const commentJson = (comment: FakeComment) => ({
    self: `${site()}/rest/api/3/issue/comment/${comment.id}`,
    id: comment.id,
    author: userJson(comment.author),
    updateAuthor: userJson(comment.author),
    body: comment.body,
    created: comment.created,
    updated: comment.created,
    jsdPublic:
      (comment.properties['sd.public.comment'] as { internal?: boolean } | undefined)?.internal !== true,
    ...(comment.visibility !== undefined && { visibility: comment.visibility }),
  });

  const notFound = {
    status: 404,
    body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} },
  };

  const handle = (operationId: string, params: string[], request: VendorRequest): FakeReply => {
    const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    switch (operationId) {
      case 'getCurrentUser':
        return { status: 200, body: userJson(FAKE_ME) };
      case 'getProject': {
        const key = decodeURIComponent(params[0]!);
        return projects.includes(key)
          ? {
              status: 200,
              body: { id: '10000', key, name: `Project ${key}`, self: `${site()}/rest/api/3/project/${key}` },
            }
          : {
              status: 404,
              body: { errorMessages: [`No project could be found with key '${key}'.`], errors: {} },
            };
      }
      case 'findUsers': {
        const query = (request.query.get('query') ?? '').toLowerCase();
        return {
          status: 200,
          body: FAKE_USERS.filter(
            (u) =>
              u.displayName.toLowerCase().startsWith(query) ||
              u.emailAddress?.toLowerCase().startsWith(query),
          ).map((u) => ({ ...userJson(u), emailAddress: undefined })),
        };
      }
      case 'createIssue': {
        const fields = (body.fields ?? {}) as Record<string, unknown>;
        const errors = fieldErrors(fields, true);
        if (Object.keys(errors).length > 0) return { status: 400, body: { errorMessages: [], errors } };
        const properties = Object.fromEntries(
          ((body.properties ?? []) as { key: string; value: unknown }[]).map((p) => [p.key, p.value]),
        );
        const issue = createIssue(fields, properties);
        issue.history.push(body.historyMetadata);
        return {
          status: 201,
          body: { id: issue.id, key: issue.key, self: `${site()}/rest/api/3/issue/${issue.id}` },
        };
      }
      case 'getIssue': {
        const issue = issueOf(params[0]!);
        return issue ? { status: 200, body: issueJson(issue, request.query.get('fields')) } : notFound;
      }
      case 'editIssue': {
        const issue = issueOf(params[0]!);
        if (!issue) return notFound;
        const fields = (body.fields ?? {}) as Record<string, unknown>;
        const errors = fieldErrors(fields, false);
        if (Object.keys(errors).length > 0) return { status: 400, body: { errorMessages: [], errors } };
        applyFields(issue, fields);
        issue.history.push(body.historyMetadata);
        return { status: 204 };
      }
      case 'getTransitions': {
        const issue = issueOf(params[0]!);
        if (!issue) return notFound;
        const transitions = workflow.transitions
          .filter((t) => t.from.includes(issue.statusId))
          .map((t) => ({
            id: t.id,
            name: t.name,
            to: statusJson(status(t.to), site()),
            hasScreen: !!t.requiresResolution,
            isGlobal: false,
            isInitial: false,
            isAvailable: true,
            isConditional: false,
            ...(request.query.get('expand') === 'transitions.fields' && {
              fields: t.requiresResolution
                ? {
                    resolution: {
                      required: true,
                      hasDefaultValue: false,
                      key: 'resolution',
                      name: 'Resolution',
                      operations: ['set'],
                      schema: { type: 'resolution', system: 'resolution' },
                      allowedValues: [
                        { id: '10000', name: 'Done' },
                        { id: '10001', name: "Won't Do" },
                      ],
                    },
                  }
                : {},
            }),
          }));
        return { status: 200, body: { transitions } };
      }
      case 'doTransition': {
        const issue = issueOf(params[0]!);
        if (!issue) return notFound;
        const id = String((body.transition as { id?: unknown } | undefined)?.id);
        const transition = workflow.transitions.find((t) => t.id === id && t.from.includes(issue.statusId));
        if (!transition)
          return {
            status: 400,
            body: { errorMessages: [`Transition id '${id}' is not valid for this issue.`], errors: {} },
          };
        const fields = (body.fields ?? {}) as Record<string, unknown>;
        if (transition.requiresResolution && !fields.resolution)
          return {
            status: 400,
            body: { errorMessages: [], errors: { resolution: 'Resolution is required.' } },
          };
        issue.statusId = transition.to;
        issue.transitions.push(transition.name);
        issue.history.push(body.historyMetadata);
        applyFields(issue, {
          ...fields,
          ...(status(transition.to).category === 'done'
            ? { resolutiondate: tick() }
            : { resolution: null, resolutiondate: null }),
        });
        for (const op of (body.update as { comment?: { add?: { body?: unknown } }[] } | undefined)?.comment ??
          [])
          if (op.add)
            issue.comments.push({
              id: String(nextCommentId++),
              author: FAKE_ME,
              body: op.add.body,
              created: tick(),
              properties: {},
            });
        return { status: 204 };
      }
      case 'getComments': {
        const issue = issueOf(params[0]!);
        if (!issue) return notFound;
        const newest = request.query.get('orderBy') === '-created';
        const max = Number(request.query.get('maxResults') ?? 100);
        const comments = newest ? [...issue.comments].reverse() : issue.comments;
        return {
          status: 200,
          body: {
            comments: comments.slice(0, max).map(commentJson),
            startAt: 0,
            maxResults: max,
            total: comments.length,
          },
        };
      }
      case 'addComment': {
        const issue = issueOf(params[0]!);
        if (!issue) return notFound;
        const properties = Object.fromEntries(
          ((body.properties ?? []) as { key: string; value: unknown }[]).map((p) => [p.key, p.value]),
        );
        const comment: FakeComment = {
          id: String(nextCommentId++),
          author: FAKE_ME,
          body: body.body,
          created: tick(),
          properties,
          ...(body.visibility !== undefined && { visibility: body.visibility }),
        };
        issue.comments.push(comment);
        return { status: 201, body: commentJson(comment) };
      }
      case 'getCommentProperty': {
        const comment = [...issues.values()].flatMap((i) => i.comments).find((c) => c.id === params[0]);
        const key = decodeURIComponent(params[1]!);
        return comment && key in comment.properties
          ? { status: 200, body: { key, value: comment.properties[key] } }
          : { status: 404, body: { errorMessages: [`The property '${key}' does not exist.`], errors: {} } };
      }
      case 'searchAndReconsileIssuesUsingJqlPost': {
        const filter = parseJql(String(body.jql ?? ''));
        if (!filter.ok) return { status: 400, body: { errorMessages: [filter.error], errors: {} } };
        const found = [...issues.values()]
          .filter((issue) =>
            filter.matches({
              key: issue.key,
              id: Number(issue.id),
              project: issue.key.replace(/-\d+$/, ''),
              labels: (issue.fields.labels as string[]) ?? [],
              statusCategoryId: categoryId(status(issue.statusId)),
              updated: Date.parse(String(issue.fields.updated).replace(/(\d{2})(\d{2})$/, '$1:$2')),
              properties: issue.properties,
            }),
          )
          .sort(
            (a, b) =>
              (filter.order === 'updated'
                ? String(a.fields.updated).localeCompare(String(b.fields.updated))
                : 0) || Number(a.id) - Number(b.id),
          );
        const start = body.nextPageToken
          ? Number(Buffer.from(String(body.nextPageToken), 'base64url').toString())
          : 0;
        const size = Number(body.maxResults ?? 50);
        const page = found.slice(start, start + size);
        const more = start + size < found.length;
        return {
          status: 200,
          body: {
            issues: page.map((issue) =>
              issueJson(issue, ((body.fields as string[] | undefined) ?? ['id']).join(',')),
            ),
            isLast: !more,
            ...(more && { nextPageToken: Buffer.from(String(start + size)).toString('base64url') }),
          },
        };
      }
    }
    return { status: 404, body: { errorMessages: ['Not found'] } };
  };

  return {
    issues,
    handle,
    seed: ({ summary, labels = [], statusName, project = projects[0]! }) => {
      const issue = createIssue(
        { summary, labels, project: { key: project }, issuetype: { name: 'Task' } },
        {},
      );
      if (statusName) issue.statusId = workflow.statuses.find((s) => s.name === statusName)!.id;
      return issue.key;
    },
  };
}

/** Jira's time format: `2026-12-01T10:00:01.000+0000`. */
function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
