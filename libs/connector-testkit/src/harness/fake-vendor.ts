import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a {@link FakeVendor} received it. */
export interface VendorRequest {
  method: string;
  /** Path without the query, e.g. `/rest/api/2/search`. */
  path: string;
  query: URLSearchParams;
  /** Header names lower-cased, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** The raw body as text ('' when none). */
  body: string;
}

/** Answers one request of a {@link FakeVendor}; `index` counts requests from 0. */
export type VendorHandler = (
  request: VendorRequest,
  response: ServerResponse,
  index: number,
) => void | Promise<void>;

/** A local HTTP server standing in for a vendor's API in a spec. */
export interface FakeVendor {
  /** `http://127.0.0.1:<port>`: put it in the connector config's base URL. */
  readonly url: string;
  /** Every request received so far, oldest first. */
  readonly requests: readonly VendorRequest[];
  /** Stops the server and drops kept-alive connections. */
  close(): Promise<void>;
}

/**
 * Starts a real HTTP server on 127.0.0.1 (ephemeral port) that records every request and lets
 * `handler` answer it. A handler that throws answers 500 with the error message, so a bug in a
 * simulator shows up as a vendor error instead of a hung request.
 *
 * ```ts
 * const vendor = await startFakeVendor((request, response) =>
 *   request.headers.authorization === `Bearer ${TOKEN}`
 *     ? replyJson(response, 200, { name: 'svc-switchboard' })
 *     : replyJson(response, 401, { error: 'invalid token' }),
 * );
 * ```
 */
export async function startFakeVendor(handler: VendorHandler): Promise<FakeVendor> {
  const requests: VendorRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://vendor.invalid');
      const request: VendorRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = requests.push(request) - 1;
      Promise.resolve()
        .then(() => handler(request, response, index))
        .catch((error: unknown) => {
          if (response.headersSent) return response.end();
          replyJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` as JSON with `status` (and extra headers, e.g. `link` or `retry-after`). */
export function replyJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}
