import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { bodyShapeGuard, DEFAULT_MAX_BODY_DEPTH } from './body-shape';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation.pipe';

export interface HttpAppSettings {
  /** Largest accepted JSON or form body (default `1mb`): admin payloads and webhooks are small. */
  bodyLimit?: string;
  /** Deepest nesting of objects and arrays a body may have (default 64); deeper ones get a 400. */
  maxBodyDepth?: number;
}

/**
 * How long an idle kept-alive connection stays open. Node's default (5 s) is shorter than the
 * idle timeout of the clients and proxies that send us webhooks (Go's HTTP client, which
 * Alertmanager uses, keeps idle connections 90 s; load balancers 60 s): a request sent on a
 * connection the server is just closing is reset, with no answer. Under load it is worse: the
 * timer runs before the socket's pending input in the event loop, so a busy hub reset requests
 * that had already arrived (measured in bench:pipeline floods). Longer than a load balancer's 60 s.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** JSON media types we parse: plain JSON, CloudEvents structured mode, JSON merge patch, … */
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * The HTTP conventions every app shares: body size limit, body depth limit (and no `__proto__` keys), validation pipe, problem details for
 * every error, no `X-Powered-By`, kept-alive connections held open longer than clients hold them.
 * Call before `listen()`; `bootstrapHttpApp` does.
 */
export function configureHttpApp(app: NestExpressApplication, settings: HttpAppSettings = {}): void {
  const limit = settings.bodyLimit ?? '1mb';
  const server = app.getHttpServer() as Server;
  // headersTimeout stays Node's: since Node 18 it counts from a request's first byte, not across
  // the idle wait between requests (checked on Node 20).
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit, type: JSON_TYPES });
  app.useBodyParser('urlencoded', { limit, extended: true });
  app.use(bodyShapeGuard(settings.maxBodyDepth ?? DEFAULT_MAX_BODY_DEPTH));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
}
