import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the test server saw it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The client's port: requests with the same one came over the same (kept-alive) socket. */
  remotePort: number | undefined;
}

/** Answers one request; `index` counts requests from 0. */
export type ScriptedHandler = (
  request: ReceivedRequest,
  response: ServerResponse,
  index: number,
) => void | Promise<void>;

/** A real HTTP server on 127.0.0.1 with an ephemeral port, for specs of HTTP behaviour. */
export interface ScriptedHttpServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Highest number of requests being handled at the same time. */
  maxConcurrent: number;
  close(): Promise<void>;
}

/** Starts a server that records every request and lets `handler` answer it. */
export async function startScriptedHttpServer(handler: ScriptedHandler): Promise<ScriptedHttpServer> {
  let inFlight = 0;
  const state = { requests: [] as ReceivedRequest[], maxConcurrent: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort,
      };
      const index = state.requests.push(received) - 1;
      inFlight++;
      state.maxConcurrent = Math.max(state.maxConcurrent, inFlight);
      res.on('close', () => inFlight--);
      Promise.resolve(handler(received, res, index)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    get maxConcurrent() {
      return state.maxConcurrent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON answer. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}
