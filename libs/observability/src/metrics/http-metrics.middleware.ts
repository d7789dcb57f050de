import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';
import { METRIC_PREFIX } from './metrics-registry';

/** From a health probe (1 ms) to a slow admin request (10 s). */
export const HTTP_DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Route label for requests no route matched: raw URLs would make one series per probe of a scanner. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Times every HTTP request, labelled by route template (`/api/v1/instances/:id`), never by raw URL. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(registry: Registry) {
    const name = `${METRIC_PREFIX}http_request_duration_seconds`;
    // One histogram per registry, even if the middleware is instantiated more than once.
    this.duration =
      (registry.getSingleMetric(name) as Histogram<'method' | 'route' | 'status_code'> | undefined) ??
      new Histogram({
        name,
        help: 'HTTP request duration by method, route template and status code.',
        labelNames: ['method', 'route', 'status_code'],
        buckets: HTTP_DURATION_BUCKETS,
        registers: [registry],
      });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const stop = this.duration.startTimer();
    res.once('finish', () => {
      stop({ method: req.method, route: routeTemplate(req), status_code: String(res.statusCode) });
    });
    next();
  }
}

/**
 * Nest mounts middleware (and its not-found handler) on this catch-all route; when it is the last
 * route Express matched, no controller handled the request.
 */
const CATCH_ALL_ROUTE = '/{*path}';

function routeTemplate(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (typeof route?.path !== 'string' || route.path === CATCH_ALL_ROUTE) return UNMATCHED_ROUTE;
  return `${req.baseUrl}${route.path}`;
}
