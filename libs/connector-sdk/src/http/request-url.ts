import type { QueryParams } from './http-request';

const ABSOLUTE_URL = /^[a-z][a-z\d+.-]*:\/\//i;

/**
 * The URL of a request: `path` joined to `baseUrl` (keeping the base path, unlike `new URL(path, base)`
 * which drops it for paths starting with `/`), or `path` itself when it is absolute; query
 * parameters appended, arrays repeated, null/undefined left out.
 */
export function buildRequestUrl(baseUrl: URL, path: string, query?: QueryParams): URL {
  const url = ABSOLUTE_URL.test(path)
    ? new URL(path)
    : new URL(`${baseUrl.href.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) url.searchParams.append(name, String(item));
  }
  return url;
}

/**
 * What logs and error messages say about a URL: its path and the *names* of its query
 * parameters, never their values (a `jql` is harmless, an `api_key` is not, and the client cannot
 * tell them apart).
 */
export function describeUrlForLog(url: URL): string {
  const names = [...new Set(url.searchParams.keys())];
  return names.length === 0 ? url.pathname : `${url.pathname}?${names.join('&')}`;
}

/** Parses and checks a client's base URL: http(s) only, no embedded credentials. */
export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`baseUrl is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('baseUrl must be http or https');
  if (url.username || url.password)
    throw new Error('baseUrl must not contain credentials; use the auth option');
  url.search = '';
  url.hash = '';
  return url;
}
