import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Global, Injectable, Logger, Module, Optional } from '@nestjs/common';
import { REQUEST_ID_HEADER } from '@switchboard/observability';
import { Histogram, Registry } from 'prom-client';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '../problem-details';

/** What a fast-lane handler gets besides the raw request and response. */
export interface FastLaneRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** Values of the pattern's `:name` segments. */
  params: Readonly<Record<string, string>>;
  /** The request id (the caller's `X-Request-Id` when sane), already echoed on the response. */
  requestId: string;
}

export interface FastLaneRoute {
  method: 'POST' | 'GET' | 'PUT';
  /** `/hooks/:instanceId`: literal segments and `:name` parameters, nothing else. */
  pattern: string;
  /**
   * Why this route is public and skips the admin pipeline: like `@Public(reason)`, an explicit
   * decision the route-access test reads.
   */
  reason: string;
  handle(request: FastLaneRequest): Promise<void>;
}

const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Routes answered straight from Node's HTTP server, before Express and Nest's pipeline (body
 * parsers, request logging middleware, guards, pipes, interceptors). For the hot ingest path only
 * (webhook ingress), whose handler does itself what the pipeline would: bounded body reading,
 * authentication, RFC 9457 problems, request ids, metrics and logging of failures. Everything
 * else keeps the ordinary Nest routes. Global: modules register their routes when they start.
 */
@Injectable()
export class HttpFastLane {
  private readonly logger = new Logger('HTTP');
  readonly #routes: (FastLaneRoute & { segments: string[] })[] = [];
  readonly #duration?: Histogram<'method' | 'route' | 'status_code'>;

  constructor(@Optional() registry?: Registry) {
    const name = 'switchboard_http_request_duration_seconds';
    this.#duration =
      registry &&
      ((registry.getSingleMetric(name) as Histogram<'method' | 'route' | 'status_code'> | undefined) ??
        new Histogram({
          name,
          help: 'HTTP request duration by method, route template and status code.',
          labelNames: ['method', 'route', 'status_code'],
          registers: [registry],
        }));
  }

  register(route: FastLaneRoute): void {
    this.#routes.push({ ...route, segments: route.pattern.split('/') });
  }

  /** The registered routes, for the route-access test and docs. */
  routes(): { method: string; pattern: string; reason: string }[] {
    return this.#routes.map(({ method, pattern, reason }) => ({ method, pattern, reason }));
  }

  /** Handles the request when a route matches its path; false to hand it to Express. */
  dispatch(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const segments = path.split('/');
    for (const route of this.#routes) {
      const params = match(route.segments, segments);
      if (!params) continue;
      const started = process.hrtime.bigint();
      const incoming = req.headers[REQUEST_ID_HEADER];
      const requestId =
        typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, requestId);
      res.once('finish', () =>
        this.#duration?.observe(
          { method: req.method ?? 'GET', route: route.pattern, status_code: String(res.statusCode) },
          Number(process.hrtime.bigint() - started) / 1e9,
        ),
      );
      if (req.method !== route.method) {
        res.setHeader('Allow', route.method);
        writeProblem(
          res,
          { type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: `Use ${route.method}` },
          path,
          requestId,
        );
        req.resume();
        return true;
      }
      route.handle({ req, res, params, requestId }).catch((error: unknown) => {
        this.logger.error(
          `${req.method} ${path} failed [${requestId}]: ${error instanceof Error ? error.stack : String(error)}`,
        );
        if (!res.headersSent)
          writeProblem(
            res,
            { type: 'about:blank', title: 'Internal Server Error', status: 500 },
            path,
            requestId,
          );
        else res.destroy();
      });
      return true;
    }
    return false;
  }
}

function match(pattern: string[], path: string[]): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = path[i]!;
    if (expected.startsWith(':')) {
      if (actual === '') return undefined;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) return undefined;
  }
  return params;
}

/** Writes an RFC 9457 problem, as the Nest pipeline's filter does (`instance`, `requestId`). */
export function writeProblem(
  res: ServerResponse,
  problem: ProblemDetails,
  instance: string,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ ...problem, instance, requestId });
  res.writeHead(problem.status, {
    ...headers,
    'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Puts the fast lane in front of the app's request listeners (Express): its routes are answered
 * first, every other request goes on as before.
 */
export function installFastLane(server: Server, lane: HttpFastLane): void {
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (lane.dispatch(req, res)) return;
    for (const listener of listeners) listener.call(server, req, res);
  });
}

/** Provides the process's {@link HttpFastLane}. Part of `PlatformModule`. */
@Global()
@Module({ providers: [HttpFastLane], exports: [HttpFastLane] })
export class HttpFastLaneModule {}
