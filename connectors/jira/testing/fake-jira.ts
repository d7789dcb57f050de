import type { ServerResponse } from 'node:http';
import { replyJson, startFakeVendor, type VendorRequest } from '@switchboard/connector-testkit';
import type { OpenApiContract } from './openapi/openapi-contract';
import { createFakeJiraStore, type FakeIssue, type FakeReply } from './fake-jira-store';
import { REVIEW_WORKFLOW, type FakeWorkflow } from './fake-jira-workflow';

export { FAKE_ME, FAKE_USERS } from './fake-jira-store';
export type { FakeComment, FakeIssue, FakeReply, FakeUser } from './fake-jira-store';

// A small, stateful Jira Cloud for the connector's specs: issues, comments, properties, a workflow,
// JQL search with cursor paging. Every request is checked against Atlassian's OpenAPI spec when
// one is given (a request that breaks it is answered 400 and recorded as a violation), and so is
// every answer the fake gives (a fake that answers what Jira never would proves nothing).

export interface FakeJiraOptions {
  contract?: OpenApiContract;
  /** The Authorization header the fake accepts. */
  authorization: string;
  workflow?: FakeWorkflow;
  projects?: readonly string[];
}

/** The running fake, with what it saw. */
export interface FakeJira {
  readonly url: string;
  readonly requests: readonly VendorRequest[];
  /** Spec violations of requests (and of the fake's own answers), newest last. */
  readonly violations: string[];
  /** Operation ids called, in order. */
  readonly operations: string[];
  readonly issues: Map<string, FakeIssue>;
  /** Answers the next call(s) of `operationId` with `replies`, in order, instead of the fake's own. */
  failNext(operationId: string, ...replies: FakeReply[]): void;
  /** Forgets canned answers not used up (between tests). */
  clearFaults(): void;
  /** Adds an issue as if created in Jira's UI; returns its key. */
  seed(fields: { summary: string; labels?: string[]; statusName?: string; project?: string }): string;
  close(): Promise<void>;
}

type Route = [method: string, pattern: RegExp, operationId: string];
const ROUTES: readonly Route[] = [
  ['GET', /^\/rest\/api\/3\/myself$/, 'getCurrentUser'],
  ['GET', /^\/rest\/api\/3\/project\/([^/]+)$/, 'getProject'],
  ['GET', /^\/rest\/api\/3\/user\/search$/, 'findUsers'],
  ['POST', /^\/rest\/api\/3\/issue$/, 'createIssue'],
  ['GET', /^\/rest\/api\/3\/issue\/([^/]+)$/, 'getIssue'],
  ['PUT', /^\/rest\/api\/3\/issue\/([^/]+)$/, 'editIssue'],
  ['GET', /^\/rest\/api\/3\/issue\/([^/]+)\/transitions$/, 'getTransitions'],
  ['POST', /^\/rest\/api\/3\/issue\/([^/]+)\/transitions$/, 'doTransition'],
  ['GET', /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/, 'getComments'],
  ['POST', /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/, 'addComment'],
  ['GET', /^\/rest\/api\/3\/comment\/([^/]+)\/properties\/([^/]+)$/, 'getCommentProperty'],
  ['POST', /^\/rest\/api\/3\/search\/jql$/, 'searchAndReconsileIssuesUsingJqlPost'],
];

/** Starts the fake on 127.0.0.1 (ephemeral port). */
export async function startFakeJira(options: FakeJiraOptions): Promise<FakeJira> {
  const violations: string[] = [];
  const operations: string[] = [];
  const faults = new Map<string, FakeReply[]>();
  let site = '';
  const store = createFakeJiraStore(
    options.workflow ?? REVIEW_WORKFLOW,
    options.projects ?? ['OPS'],
    () => site,
  );
  const handle = store.handle;

  const send = (response: ServerResponse, reply: FakeReply) => {
    if (reply.text !== undefined) {
      response.writeHead(reply.status, { 'content-type': 'text/html', ...reply.headers }).end(reply.text);
    } else if (reply.body === undefined) response.writeHead(reply.status, reply.headers).end();
    else replyJson(response, reply.status, reply.body, reply.headers);
  };

  const vendor = await startFakeVendor((request, response) => {
    const route = ROUTES.map(([method, pattern, id]) => ({
      method,
      match: pattern.exec(request.path),
      id,
    })).find((r) => r.method === request.method && r.match);
    if (options.contract) {
      const verdict = options.contract.checkRequest(request);
      if (verdict.violations.length > 0) {
        violations.push(...verdict.violations.map((v) => `${request.method} ${request.path}: ${v}`));
        return replyJson(response, 400, { errorMessages: verdict.violations, errors: {} });
      }
    }
    if (!route)
      return replyJson(response, 404, {
        errorMessages: [`The fake Jira has no ${request.method} ${request.path}`],
      });
    operations.push(route.id);
    if (request.headers.authorization !== options.authorization)
      return send(response, { status: 401, text: 'Client must be authenticated to access this resource.' });
    const fault = faults.get(route.id)?.shift();
    const reply = fault ?? handle(route.id, route.match!.slice(1), request);
    if (options.contract && !fault)
      violations.push(
        ...options.contract.checkResponse(route.id, reply.status, reply.body).map((v) => `fake answer: ${v}`),
      );
    send(response, reply);
  });
  site = vendor.url;

  return {
    url: vendor.url,
    get requests() {
      return vendor.requests;
    },
    violations,
    operations,
    issues: store.issues,
    failNext: (operationId, ...replies) =>
      faults.set(operationId, [...(faults.get(operationId) ?? []), ...replies]),
    clearFaults: () => faults.clear(),
    seed: (fields) => store.seed(fields),
    close: () => vendor.close(),
  };
}
