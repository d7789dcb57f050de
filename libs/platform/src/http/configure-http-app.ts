import type { NestExpressApplication } from '@nestjs/platform-express';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation.pipe';

export interface HttpAppSettings {
  /** Largest accepted JSON or form body (default `1mb`): admin payloads and webhooks are small. */
  bodyLimit?: string;
}

/** JSON media types we parse: plain JSON, CloudEvents structured mode, JSON merge patch, … */
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * The HTTP conventions every app shares: body size limit, validation pipe, problem details for
 * every error, no `X-Powered-By`. Call before `listen()`; `bootstrapHttpApp` does.
 */
export function configureHttpApp(app: NestExpressApplication, settings: HttpAppSettings = {}): void {
  const limit = settings.bodyLimit ?? '1mb';
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit, type: JSON_TYPES });
  app.useBodyParser('urlencoded', { limit, extended: true });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
}
