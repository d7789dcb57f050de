import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { ConnectorHttpClient } from './http-client';
import type { PaginationStrategy } from './pagination';
import { sendJson, startScriptedHttpServer } from './testing/scripted-http-server';
import type { ScriptedHandler, ScriptedHttpServer } from './testing/scripted-http-server';

let server: ScriptedHttpServer;
let handler: ScriptedHandler;
let http: ConnectorHttpClient;

beforeEach(async () => {
  server = await startScriptedHttpServer((req, res, index) => handler(req, res, index));
  http = new ConnectorHttpClient({ baseUrl: server.url, sleep: async () => undefined });
});

afterEach(async () => {
  await http.close();
  await server.close();
});

const numbers = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

function query(url: string): URLSearchParams {
  return new URL(url, 'http://x').searchParams;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) result.push(item);
  return result;
}

/** Serves `all` as Jira does: startAt/maxResults in, { startAt, maxResults, total, issues } out. */
function jiraCollection(
  all: number[],
  serverMax = Number.POSITIVE_INFINITY,
  withTotal = true,
): ScriptedHandler {
  return (req, res) => {
    const params = query(req.url);
    const startAt = Number(params.get('startAt'));
    const maxResults = Math.min(Number(params.get('maxResults')), serverMax);
    const issues = all.slice(startAt, startAt + maxResults);
    sendJson(res, 200, { startAt, maxResults, ...(withTotal ? { total: all.length } : {}), issues });
  };
}

interface JiraPage {
  total?: number;
  issues: number[];
}

const jira = (withTotal: boolean): PaginationStrategy<number, JiraPage> => ({
  type: 'offset',
  pageSize: 5,
  offsetParam: 'startAt',
  limitParam: 'maxResults',
  items: (body) => body.issues,
  ...(withTotal ? { total: (body: JiraPage) => body.total } : {}),
});

describe('offset pagination', () => {
  it.each([
    ['empty', 0, true, 1],
    ['exactly one page, with total', 5, true, 1],
    ['one item over, with total', 6, true, 2],
    ['exactly one page, no total (confirmed by an empty page)', 5, false, 2],
    ['one item over, no total', 6, false, 2],
    ['short last page, no total', 12, false, 3],
  ])('%s', async (_case, size, withTotal, requests) => {
    handler = jiraCollection(numbers(size), Number.POSITIVE_INFINITY, withTotal);
    expect(await collect(http.paginate({ path: '/rest/api/2/search' }, jira(withTotal)))).toEqual(
      numbers(size),
    );
    expect(server.requests).toHaveLength(requests);
    expect(server.requests.map((r) => query(r.url).get('startAt'))).toEqual(
      Array.from({ length: requests }, (_, i) => String(i * 5)),
    );
  });

  it('loses nothing when the server caps the page size below what was asked (with total)', async () => {
    handler = jiraCollection(numbers(7), 3);
    expect(await collect(http.paginate({ path: '/search' }, jira(true)))).toEqual(numbers(7));
    expect(server.requests.map((r) => query(r.url).get('startAt'))).toEqual(['0', '3', '6']);
  });

  it('keeps the request query and can page through a POST body', async () => {
    handler = (req, res) => {
      const body = JSON.parse(req.body) as { startAt: number; maxResults: number };
      sendJson(res, 200, { total: 3, issues: numbers(3).slice(body.startAt, body.startAt + 2) });
    };
    const strategy: PaginationStrategy<number, JiraPage> = {
      ...jira(true),
      pageSize: 2,
      paramsIn: 'body',
    };
    const items = await collect(
      http.paginate({ method: 'POST', path: '/search', body: { jql: 'x' }, retry: true }, strategy),
    );
    expect(items).toEqual([1, 2, 3]);
    expect(server.requests.map((r) => JSON.parse(r.body))).toEqual([
      { jql: 'x', startAt: 0, maxResults: 2 },
      { jql: 'x', startAt: 2, maxResults: 2 },
    ]);
  });

  it('is lazy: stopping early fetches no further page', async () => {
    handler = jiraCollection(numbers(20));
    for await (const item of http.paginate({ path: '/search' }, jira(true))) {
      if (item === 2) break;
    }
    expect(server.requests).toHaveLength(1);
  });

  it('stops at maxPages', async () => {
    handler = jiraCollection(numbers(20));
    expect(await collect(http.paginate({ path: '/search' }, { ...jira(true), maxPages: 2 }))).toEqual(
      numbers(10),
    );
  });

  it('yields pages with their responses, for per-page checkpoints', async () => {
    handler = jiraCollection(numbers(6));
    const pages = await collect(http.pages({ path: '/search' }, jira(true)));
    expect(pages.map((page) => [page.index, page.items, page.response.status])).toEqual([
      [0, [1, 2, 3, 4, 5], 200],
      [1, [6], 200],
    ]);
  });
});

describe('page-number pagination', () => {
  function pagedCollection(all: number[]): ScriptedHandler {
    return (req, res) => {
      const params = query(req.url);
      const page = Number(params.get('page'));
      const perPage = Number(params.get('per_page'));
      sendJson(res, 200, {
        items: all.slice((page - 1) * perPage, page * perPage),
        total_pages: Math.ceil(all.length / perPage),
      });
    };
  }
  const strategy = (
    withTotal: boolean,
  ): PaginationStrategy<number, { items: number[]; total_pages: number }> => ({
    type: 'page',
    pageSize: 4,
    items: (body) => body.items,
    ...(withTotal ? { totalPages: (body: { total_pages: number }) => body.total_pages } : {}),
  });

  it.each([
    ['exactly one page, with totalPages', 4, true, 1],
    ['one item over, with totalPages', 5, true, 2],
    ['exactly one page, no totalPages', 4, false, 2],
    ['one item over, no totalPages', 5, false, 2],
  ])('%s', async (_case, size, withTotal, requests) => {
    handler = pagedCollection(numbers(size));
    expect(await collect(http.paginate({ path: '/tickets' }, strategy(withTotal)))).toEqual(numbers(size));
    expect(server.requests.map((r) => r.url)).toEqual(
      Array.from({ length: requests }, (_, i) => `/tickets?page=${i + 1}&per_page=4`),
    );
  });
});

describe('cursor pagination', () => {
  const pages: Record<string, { values: number[]; next?: string }> = {
    first: { values: [1, 2], next: 'c2' },
    c2: { values: [3], next: 'c3' },
    c3: { values: [4, 5] },
  };
  const strategy: PaginationStrategy<number, { values: number[]; next?: string }> = {
    type: 'cursor',
    cursorParam: 'cursor',
    sizeParam: 'limit',
    pageSize: 2,
    items: (body) => body.values,
    nextCursor: (body) => body.next,
  };

  it('follows cursors until there is none', async () => {
    handler = (req, res) => sendJson(res, 200, pages[query(req.url).get('cursor') ?? 'first']);
    expect(await collect(http.paginate({ path: '/conversations.list' }, strategy))).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/conversations.list?limit=2',
      '/conversations.list?cursor=c2&limit=2',
      '/conversations.list?cursor=c3&limit=2',
    ]);
  });

  it('resumes from an initial cursor', async () => {
    handler = (req, res) => sendJson(res, 200, pages[query(req.url).get('cursor') ?? 'first']);
    expect(await collect(http.paginate({ path: '/x' }, { ...strategy, initialCursor: 'c3' }))).toEqual([
      4, 5,
    ]);
  });

  it('fails with code permanent instead of looping when the cursor does not advance', async () => {
    handler = (_req, res) => sendJson(res, 200, { values: [1], next: 'same' });
    await expect(collect(http.paginate({ path: '/x' }, strategy))).rejects.toMatchObject({
      code: ErrorCode.Permanent,
      message: 'Pagination stopped: the next cursor repeats a previous one',
    });
    expect(server.requests).toHaveLength(2);
  });
});

describe('Link header pagination', () => {
  const strategy: PaginationStrategy<number, number[]> = {
    type: 'link',
    sizeParam: 'per_page',
    pageSize: 2,
    items: (body) => body,
  };

  it('follows relative and absolute same-origin next links', async () => {
    handler = (req, res, i) => {
      const links = [
        `</repos/x/issues?page=2&per_page=2>; rel="next", </repos/x/issues?page=3&per_page=2>; rel="last"`,
        `<${server.url}/repos/x/issues?page=3&per_page=2>; rel="next"`,
        `</repos/x/issues?page=1&per_page=2>; rel="first"`,
      ];
      sendJson(res, 200, [i * 2 + 1, i * 2 + 2].slice(0, i === 2 ? 1 : 2), { link: links[i] });
    };
    expect(
      await collect(http.paginate({ path: '/repos/x/issues', query: { state: 'open' } }, strategy)),
    ).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/repos/x/issues?state=open&per_page=2',
      '/repos/x/issues?page=2&per_page=2',
      '/repos/x/issues?page=3&per_page=2',
    ]);
  });

  it('refuses a next link to another origin, without requesting it', async () => {
    const elsewhere = await startScriptedHttpServer((_req, res) => sendJson(res, 200, [99]));
    try {
      handler = (_req, res) =>
        sendJson(res, 200, [1], { link: `<${elsewhere.url}/steal?page=2>; rel="next"` });
      const seen: number[] = [];
      const error = await (async () => {
        try {
          for await (const item of http.paginate({ path: '/items' }, strategy)) seen.push(item);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(seen).toEqual([1]);
      expect(error).toBeInstanceOf(SwitchboardError);
      expect(error).toMatchObject({ code: ErrorCode.Permanent });
      expect((error as Error).message).toBe(
        `Pagination stopped: the next link points to ${elsewhere.url}, not ${server.url}`,
      );
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('fails instead of looping when a next link repeats', async () => {
    handler = (_req, res) => sendJson(res, 200, [1], { link: '</items?page=2>; rel="next"' });
    await expect(collect(http.paginate({ path: '/items' }, strategy))).rejects.toMatchObject({
      message: 'Pagination stopped: the next link repeats a previous one',
    });
  });
});
