/**
 * The fake ticketing endpoint of `bench:pipeline`: the part of Redmine's REST API the Redmine
 * connector uses to open tickets, answered from memory in O(1), so the benchmark measures the hub
 * and not the fake. Lookups come from the captured real answers (connectors/redmine/fixtures);
 * marker searches are a map; a poll (any list without a marker) sees no issues, so the bench's
 * tickets do not come back as ticket events. Everything else is a 404.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixtureJson } from '../../../connectors/redmine/testing/redmine-fixtures';

export const FAKE_TICKETING_PROJECT = 'itsm';
export const FAKE_TICKETING_MARKER_FIELD = 1;

export interface FakeTicketing {
  readonly url: string;
  /** Called with the new issue's id and subject as each ticket is created. */
  onCreated?: (id: number, subject: string) => void;
  readonly created: () => number;
  close(): Promise<void>;
}

const TIME = '2026-12-01T10:00:00Z';
const USER = { id: 5, name: 'Integration Hub' };
const PROJECT = { id: 1, name: 'ITSM Testbed' };

export async function startFakeTicketing(apiKey: string): Promise<FakeTicketing> {
  const lookups = new Map<string, string>([
    [
      '/users/current.json',
      JSON.stringify({
        user: { id: 5, login: 'hub', firstname: 'Integration', lastname: 'Hub', admin: false },
      }),
    ],
    ['/issue_statuses.json', JSON.stringify(fixtureJson('api/lookups/issue-statuses.json'))],
    ['/enumerations/issue_priorities.json', JSON.stringify(fixtureJson('api/lookups/issue-priorities.json'))],
    ['/trackers.json', JSON.stringify(fixtureJson('api/lookups/trackers.json'))],
    [`/projects/${FAKE_TICKETING_PROJECT}.json`, JSON.stringify(fixtureJson('api/lookups/project.json'))],
    [
      `/projects/${FAKE_TICKETING_PROJECT}/memberships.json`,
      JSON.stringify(fixtureJson('api/lookups/memberships.json')),
    ],
  ]);
  const byMarker = new Map<string, string>();
  let lastId = 0;

  const issue = (id: number, write: IssueWrite, marker: string) => ({
    id,
    project: PROJECT,
    tracker: { id: write.tracker_id ?? 1, name: 'Bug' },
    status: { id: 1, name: 'New', is_closed: false },
    priority: { id: write.priority_id ?? 2, name: 'Normal' },
    author: USER,
    subject: write.subject,
    description: write.description ?? '',
    custom_fields: [{ id: FAKE_TICKETING_MARKER_FIELD, name: 'External ID', value: marker }],
    created_on: TIME,
    updated_on: TIME,
    closed_on: null,
  });

  const handle = (req: IncomingMessage, body: string, res: ServerResponse): void => {
    if (req.headers['x-redmine-api-key'] !== apiKey) return send(res, 401, '');
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'GET' && lookups.has(url.pathname)) return send(res, 200, lookups.get(url.pathname)!);
    if (req.method === 'GET' && url.pathname === '/issues.json') {
      const marker = url.searchParams.get(`cf_${FAKE_TICKETING_MARKER_FIELD}`);
      const found = marker === null ? undefined : byMarker.get(marker);
      const list = found ? `[${found}]` : '[]';
      return send(res, 200, `{"issues":${list},"total_count":${found ? 1 : 0},"offset":0,"limit":25}`);
    }
    if (req.method === 'POST' && url.pathname === '/issues.json') {
      const write = (JSON.parse(body) as { issue: IssueWrite }).issue;
      const marker = write.custom_fields?.find((f) => f.id === FAKE_TICKETING_MARKER_FIELD)?.value ?? '';
      if (!write.subject) return send(res, 422, '{"errors":["Subject cannot be blank"]}');
      const existing = byMarker.get(marker);
      if (existing) return send(res, 201, `{"issue":${existing}}`);
      const id = ++lastId;
      const shown = JSON.stringify(issue(id, write, marker));
      if (marker) byMarker.set(marker, shown);
      fake.onCreated?.(id, write.subject);
      return send(res, 201, `{"issue":${shown}}`);
    }
    return send(res, 404, '');
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeTicketing = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    created: () => lastId,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

interface IssueWrite {
  subject: string;
  description?: string;
  tracker_id?: number;
  priority_id?: number;
  custom_fields?: { id: number; value: string }[];
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
}
