import { randomUUID } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { isSwitchboardError, MemoryStateStore, runAction, runCheck } from '@switchboard/connector-sdk';
import { JiraPaths } from '../api/jira-paths';
import { bindJira } from '../testing/jira-testing';
import { lookupJiraSpec, specsRequired } from '../testing/openapi/jira-openapi-spec';
import type { OpenApiContract } from '../testing/openapi/openapi-contract';
import { startSpecExampleServer, type SpecExampleServer } from '../testing/openapi/spec-example-server';

// The connector against Atlassian's Jira Cloud platform REST API v3 OpenAPI document, read at
// test time from outside the repository (see testing/openapi/jira-openapi-spec.ts for where).

/** Every operation the connector calls; the suite proves each is called, and called validly. */
const OPERATIONS_USED = [
  'getCurrentUser',
  'getProject',
  'findUsers',
  'createIssue',
  'getIssue',
  'editIssue',
  'getTransitions',
  'doTransition',
  'getComments',
  'addComment',
  'getCommentProperty',
  'searchAndReconsileIssuesUsingJqlPost',
];

const lookup = lookupJiraSpec();

if (!lookup.found) {
  if (specsRequired()) {
    it('Jira OpenAPI contract: the spec is required here (CI or SWITCHBOARD_REQUIRE_SPECS) but missing', () => {
      throw new Error(`${lookup.reason}. Put Atlassian's spec there or point JIRA_OPENAPI_SPEC at it.`);
    });
  } else {
    it(`Jira OpenAPI contract suite did not run: ${lookup.reason} (set JIRA_OPENAPI_SPEC; CI requires it)`, () => {
      console.warn(`Jira OpenAPI contract suite did not run: ${lookup.reason}`);
      expect(lookup.found).toBe(false);
    });
  }
} else {
  const { contract, path } = lookup;
  describe(`Jira connector against ${contract.title}`, () => contractSuite(contract, path));
}

function contractSuite(contract: OpenApiContract, specPath: string): void {
  let server: SpecExampleServer;
  const meta = () => ({ idempotencyKey: randomUUID(), commandId: randomUUID(), attempt: 1 });

  beforeAll(async () => {
    server = await startSpecExampleServer(contract, {
      // The documented search result holds an issue: a create would find it and never create.
      // An empty page (as valid) lets the create path run once.
      searchAndReconsileIssuesUsingJqlPost: (request) =>
        request.body.includes('labels = ')
          ? { status: 200, body: { isLast: true, issues: [] } }
          : contract.exampleResponse('searchAndReconsileIssuesUsingJqlPost'),
    });
  });
  afterAll(() => server.close());

  it('reads the spec from outside the repository, never from a copy inside it', () => {
    const repoRoot = resolve(__dirname, '..', '..', '..');
    expect(relative(repoRoot, specPath).startsWith('..')).toBe(true);
  });

  it('builds only paths the spec has, none of them deprecated', () => {
    const concrete = [
      ['GET', JiraPaths.myself],
      ['GET', JiraPaths.project('OPS')],
      ['GET', JiraPaths.userSearch],
      ['POST', JiraPaths.createIssue],
      ['GET', JiraPaths.issue('OPS-1')],
      ['PUT', JiraPaths.issue('OPS-1')],
      ['GET', JiraPaths.transitions('OPS-1')],
      ['POST', JiraPaths.transitions('OPS-1')],
      ['GET', JiraPaths.comments('OPS-1')],
      ['POST', JiraPaths.comments('OPS-1')],
      ['GET', JiraPaths.commentProperty('10000', 'io.switchboard.origin')],
      ['POST', JiraPaths.searchJql],
    ] as const;
    const found = concrete.map(([method, path]) => {
      const match = contract.routes.match(method, path);
      return 'ref' in match && !match.ref.operation.deprecated
        ? match.ref.id
        : `${method} ${path}: not in the spec`;
    });
    expect(found).toEqual(OPERATIONS_USED);
  });

  it("sends only requests the spec allows, in every action, answered with the spec's documented examples", async () => {
    const instance = bindJira({
      baseUrl: server.url,
      state: new MemoryStateStore(),
      config: { internalComments: 'role', internalCommentRestriction: 'Administrators' },
    });
    const outcomes: Record<string, unknown> = {};
    const attempt = async (name: string, work: () => Promise<unknown>) => {
      try {
        outcomes[name] = await work();
      } catch (error) {
        // A surprising example may end an action with a typed error; never with a crash.
        expect(isSwitchboardError(error)).toBe(true);
        outcomes[name] = { error: (error as Error).message };
      }
    };
    await attempt('check', () => runCheck(instance));
    await attempt('ticket.create', () =>
      runAction(
        instance,
        'ticket.create',
        {
          title: 'Contract',
          description: '**bold** [link](https://x.test)',
          priority: 'high',
          labels: ['a'],
          customFields: { 'jira.customfield_10016': 3 },
          status: 'in_progress',
        },
        meta(),
      ),
    );
    await attempt('ticket.update', () =>
      runAction(
        instance,
        'ticket.update',
        {
          ticketId: 'ED-1',
          changes: {
            title: 'T',
            description: 'd',
            priority: 'low',
            assignee: { displayName: 'Mia Krystof' },
            labels: ['b'],
            customFields: { 'jira.customfield_10016': 5 },
            status: 'in_progress',
          },
        },
        meta(),
      ),
    );
    await attempt('comment.add', () =>
      runAction(
        instance,
        'comment.add',
        { ticketId: 'ED-1', body: 'internal *note*', visibility: 'internal' },
        meta(),
      ),
    );
    await attempt('ticket.get', () => runAction(instance, 'ticket.get', { ticketId: 'ED-1' }, meta()));
    await attempt('ticket.search', () =>
      runAction(
        instance,
        'ticket.search',
        {
          query: 'project = ED',
          statuses: ['new', 'in_progress'],
          updatedSince: '2026-01-01T00:00:00Z',
          limit: 10,
        },
        meta(),
      ),
    );

    expect(server.violations).toEqual([]);
    expect([...new Set(server.operations)].sort()).toEqual([...OPERATIONS_USED].sort());
    // What the examples map to, as a user of the hub would see it.
    expect(outcomes['check']).toMatchObject({ ok: true });
    expect(outcomes['ticket.create']).toMatchObject({ output: { ticket: { id: 'ED-24' }, created: true } });
    expect(outcomes['ticket.update']).toMatchObject({ output: { ticket: { id: 'ED-1' } } });
    expect(outcomes['comment.add']).toMatchObject({ output: { commentId: '10000', created: true } });
    expect(outcomes['ticket.get']).toMatchObject({
      output: { ticket: { title: 'ED-1', status: 'open', description: 'Main order flow broken' } },
    });
    expect(outcomes['ticket.search']).toMatchObject({ output: { items: [] } });
  });

  describe('the validator itself', () => {
    const check = (method: string, pathAndQuery: string, body?: unknown) => {
      const url = new URL(pathAndQuery, 'http://jira.invalid');
      return contract.checkRequest({
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? '' : JSON.stringify(body),
      }).violations;
    };

    it.each([
      [
        'a body of the wrong types',
        'POST',
        '/rest/api/3/search/jql',
        { jql: 1, fields: 'summary' },
        /body.jql: must be string/,
      ],
      [
        'an unknown body property where the schema is closed',
        'POST',
        '/rest/api/3/search/jql',
        { jql: 'x', startAt: 0 },
        /unknown property startAt/,
      ],
      [
        'a transition id as a number',
        'POST',
        '/rest/api/3/issue/OPS-1/transitions',
        { transition: { id: 5 } },
        /body.transition.id: must be string/,
      ],
      [
        'an undeclared query parameter',
        'GET',
        '/rest/api/3/issue/OPS-1?bogus=1',
        undefined,
        /query.bogus: getIssue declares no such parameter/,
      ],
      [
        'a query parameter of the wrong type',
        'GET',
        '/rest/api/3/issue/OPS-1/comment?maxResults=ten',
        undefined,
        /query.maxResults: must be integer/,
      ],
      ['a deprecated operation', 'GET', '/rest/api/3/search?jql=project%3DOPS', undefined, /is deprecated/],
      [
        'a read-only property',
        'POST',
        '/rest/api/3/issue/OPS-1/comment',
        { body: { type: 'doc', version: 1, content: [] }, id: '1' },
        /body.id: read-only/,
      ],
      ['a missing required body', 'PUT', '/rest/api/3/issue/OPS-1', undefined, /body: required by editIssue/],
      ['a method the path does not have', 'DELETE', '/rest/api/3/myself', undefined, /no DELETE operation/],
      [
        'a path the spec does not have',
        'GET',
        '/rest/api/3/nothing-here',
        undefined,
        /no path of the spec matches/,
      ],
    ])('refuses %s', (_what, method, path, body, expected) => {
      expect(check(method, path, body).join('\n')).toMatch(expected);
    });

    it('accepts what the connector sends', () => {
      expect(
        check('POST', '/rest/api/3/search/jql', { jql: 'labels = "sb-1"', fields: ['key'], maxResults: 1 }),
      ).toEqual([]);
      expect(check('GET', '/rest/api/3/issue/OPS-1?fields=summary,status')).toEqual([]);
    });
  });
}
