import { SwitchboardError } from '@switchboard/errors';
import type { HttpRequest, HttpResponse, QueryValue } from './http-request';
import { nextLink } from './link-header';

/** What pagination needs from a client (the {@link ConnectorHttpClient} fits). */
export interface PaginationSource {
  readonly baseUrl: string;
  request<T>(request: HttpRequest): Promise<HttpResponse<T>>;
}

/** One fetched page. */
export interface Page<TItem, TBody = unknown> {
  items: TItem[];
  response: HttpResponse<TBody>;
  /** 0 for the first page. */
  index: number;
}

interface PaginationBase<TItem, TBody> {
  /** The items of one page, e.g. `(body) => body.issues`. Missing means none. */
  items: (body: TBody, response: HttpResponse<TBody>) => readonly TItem[] | null | undefined;
  /** Stop after this many pages, whatever the vendor says (a safety valve). */
  maxPages?: number;
  /**
   * Where the paging parameters go: the query string (default), or the JSON body for search
   * endpoints that page through POST (e.g. Jira's `POST /rest/api/2/search`).
   */
  paramsIn?: 'query' | 'body';
}

/**
 * `?offset=0&limit=50`, then `offset=50`, … (Jira: `offsetParam: 'startAt', limitParam: 'maxResults'`).
 * Without `total`, stops at the first short page. With `total`, stops when the offset reaches it
 * and advances by the items actually returned, so a server that caps the page size below
 * `pageSize` (Jira does) loses nothing.
 */
export interface OffsetPagination<TItem, TBody = unknown> extends PaginationBase<TItem, TBody> {
  type: 'offset';
  pageSize: number;
  /** Default `offset`. */
  offsetParam?: string;
  /** Default `limit`. */
  limitParam?: string;
  /** Default 0. */
  startOffset?: number;
  /** The collection's size as the response states it (Jira: `(body) => body.total`). */
  total?: (body: TBody) => number | null | undefined;
}

/**
 * `?page=1&per_page=100`, then `page=2`, … Stops at an empty or short page, or after
 * `totalPages` when the response states it.
 */
export interface PageNumberPagination<TItem, TBody = unknown> extends PaginationBase<TItem, TBody> {
  type: 'page';
  pageSize: number;
  /** Default `page`. */
  pageParam?: string;
  /** Default `per_page`; `null` to send no size parameter. */
  sizeParam?: string | null;
  /** Default 1. */
  firstPage?: number;
  totalPages?: (body: TBody) => number | null | undefined;
}

/**
 * An opaque cursor from each response sent back as a parameter (`?cursor=…`; Slack's
 * `response_metadata.next_cursor`, Jira's `nextPageToken`). Stops when there is no next cursor;
 * fails with code `permanent` if the cursor does not advance (a vendor or extractor bug that
 * would otherwise loop forever).
 */
export interface CursorPagination<TItem, TBody = unknown> extends PaginationBase<TItem, TBody> {
  type: 'cursor';
  cursorParam: string;
  nextCursor: (body: TBody, response: HttpResponse<TBody>) => string | null | undefined;
  /** Cursor of the first page, e.g. a checkpoint; default none. */
  initialCursor?: string;
  pageSize?: number;
  sizeParam?: string;
}

/**
 * RFC 8288 `Link: <…>; rel="next"` (GitHub, GitLab, Okta, Zendesk). Next URLs must stay on the
 * `baseUrl` origin: a response cannot send the client, and its credentials, elsewhere.
 */
export interface LinkHeaderPagination<TItem, TBody = unknown> extends PaginationBase<TItem, TBody> {
  type: 'link';
  pageSize?: number;
  sizeParam?: string;
}

/** How a collection is paged. */
export type PaginationStrategy<TItem, TBody = unknown> =
  | OffsetPagination<TItem, TBody>
  | PageNumberPagination<TItem, TBody>
  | CursorPagination<TItem, TBody>
  | LinkHeaderPagination<TItem, TBody>;

type Params = Record<string, QueryValue>;

function withParams(
  request: HttpRequest,
  params: Params,
  placement: 'query' | 'body' = 'query',
): HttpRequest {
  if (placement === 'query') return { ...request, query: { ...request.query, ...params } };
  const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
  return { ...request, body: { ...body, ...params } };
}

/** Size parameter, only when both a name and a size are given. */
function sizeParams(name: string | null | undefined, size: number | undefined): Params {
  return name && size !== undefined ? { [name]: size } : {};
}

/**
 * The pages of a collection, fetched lazily: stop iterating and no further page is requested.
 * Every page goes through the client (auth, retries, rate limit, circuit breaker).
 */
export async function* paginatePages<TItem, TBody = unknown>(
  client: PaginationSource,
  request: HttpRequest,
  strategy: PaginationStrategy<TItem, TBody>,
): AsyncGenerator<Page<TItem, TBody>, void, undefined> {
  const maxPages = strategy.maxPages ?? Number.POSITIVE_INFINITY;
  const fetchPage = async (pageRequest: HttpRequest, index: number): Promise<Page<TItem, TBody>> => {
    const response = await client.request<TBody>(pageRequest);
    return { items: [...(strategy.items(response.data, response) ?? [])], response, index };
  };

  switch (strategy.type) {
    case 'offset': {
      const { pageSize } = strategy;
      let offset = strategy.startOffset ?? 0;
      for (let index = 0; index < maxPages; index++) {
        const params = {
          [strategy.offsetParam ?? 'offset']: offset,
          [strategy.limitParam ?? 'limit']: pageSize,
        };
        const page = await fetchPage(withParams(request, params, strategy.paramsIn), index);
        yield page;
        if (page.items.length === 0) return;
        offset += page.items.length;
        const total = strategy.total?.(page.response.data);
        if (typeof total === 'number' ? offset >= total : page.items.length < pageSize) return;
      }
      return;
    }
    case 'page': {
      const firstPage = strategy.firstPage ?? 1;
      const sizeParam = strategy.sizeParam === undefined ? 'per_page' : strategy.sizeParam;
      for (let index = 0; index < maxPages; index++) {
        const params = {
          [strategy.pageParam ?? 'page']: firstPage + index,
          ...sizeParams(sizeParam, strategy.pageSize),
        };
        const page = await fetchPage(withParams(request, params, strategy.paramsIn), index);
        yield page;
        if (page.items.length === 0) return;
        const totalPages = strategy.totalPages?.(page.response.data);
        if (typeof totalPages === 'number' ? index + 1 >= totalPages : page.items.length < strategy.pageSize)
          return;
      }
      return;
    }
    case 'cursor': {
      const seen = new Set<string>();
      let cursor = strategy.initialCursor;
      for (let index = 0; index < maxPages; index++) {
        const params = {
          ...(cursor === undefined ? {} : { [strategy.cursorParam]: cursor }),
          ...sizeParams(strategy.sizeParam, strategy.pageSize),
        };
        const page = await fetchPage(withParams(request, params, strategy.paramsIn), index);
        yield page;
        const next = strategy.nextCursor(page.response.data, page.response);
        if (next === null || next === undefined || next === '') return;
        if (next === cursor || seen.has(next)) {
          throw SwitchboardError.permanent('Pagination stopped: the next cursor repeats a previous one');
        }
        seen.add(next);
        cursor = next;
      }
      return;
    }
    case 'link': {
      const origin = new URL(client.baseUrl).origin;
      const seen = new Set<string>();
      let current = withParams(request, sizeParams(strategy.sizeParam, strategy.pageSize), strategy.paramsIn);
      for (let index = 0; index < maxPages; index++) {
        const page = await fetchPage(current, index);
        yield page;
        const next = nextLink(page.response.headers['link'], page.response.url);
        if (!next) return;
        if (next.origin !== origin) {
          throw SwitchboardError.permanent(
            `Pagination stopped: the next link points to ${next.origin}, not ${origin}`,
          );
        }
        if (seen.has(next.href)) {
          throw SwitchboardError.permanent('Pagination stopped: the next link repeats a previous one');
        }
        seen.add(next.href);
        // The next URL carries every parameter already; the original query must not be re-added.
        current = { ...request, path: next.href, query: undefined };
      }
      return;
    }
  }
}

/** Every item of a collection, across pages (see {@link paginatePages}). */
export async function* paginate<TItem, TBody = unknown>(
  client: PaginationSource,
  request: HttpRequest,
  strategy: PaginationStrategy<TItem, TBody>,
): AsyncGenerator<TItem, void, undefined> {
  for await (const page of paginatePages(client, request, strategy)) yield* page.items;
}
