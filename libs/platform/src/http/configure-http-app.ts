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

/** JSON media types we parse: plain JSON, CloudEvents structured mode, JSON merge patch, … */
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * The HTTP conventions every app shares: body size limit, body depth limit (and no `__proto__` keys), validation pipe, problem details for
 * every error, no `X-Powered-By`. Call before `listen()`; `bootstrapHttpApp` does.
 */
export function configureHttpApp(app: NestExpressApplication, settings: HttpAppSettings = {}): void {
  const limit = settings.bodyLimit ?? '1mb';
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit, type: JSON_TYPES });
  app.useBodyParser('urlencoded', { limit, extended: true });
  app.use(bodyShapeGuard(settings.maxBodyDepth ?? DEFAULT_MAX_BODY_DEPTH));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
}
