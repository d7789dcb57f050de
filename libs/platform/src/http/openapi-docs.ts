import type { INestApplication } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** What a feature module provides (under {@link OPENAPI_DOCS}) to have the app serve `/docs`. */
export interface OpenApiDocsOptions {
  title: string;
  description: string;
  version: string;
  /** Routes under this path prefix require the {@link API_KEY_SECURITY_SCHEME} (e.g. `/api/v1/`). */
  securedPathPrefix: string;
}

/** Provide this token (e.g. from the admin module) to serve OpenAPI docs; apps without it serve none. */
export const OPENAPI_DOCS = Symbol('switchboard:openapi-docs');

/** Name of the security scheme: an API key sent as `Authorization: Bearer sbk_…`. */
export const API_KEY_SECURITY_SCHEME = 'apiKey';

/** Where the docs are served. Registered on the HTTP server directly, not as Nest routes. */
export const DOCS_PATH = 'docs';
export const OPENAPI_JSON_PATH = 'docs/openapi.json';

/**
 * Serves the Swagger UI at `/docs` and the document at `/docs/openapi.json` when a module provides
 * {@link OPENAPI_DOCS}. Both are public by decision: the document describes routes, never data, and
 * every route it lists still needs a key. Swagger registers them on the Express server itself, so
 * the access guard never sees them and `listRouteAccess` does not list them.
 */
export function setupOpenApiDocs(app: INestApplication): OpenAPIObject | undefined {
  const options = findDocsOptions(app);
  if (!options) return undefined;
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'sbk_<prefix>_<secret>',
        description: 'An API key: `Authorization: Bearer sbk_…` (or the `X-Api-Key` header).',
      },
      API_KEY_SECURITY_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  secureRoutes(document, options.securedPathPrefix);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'docs/openapi.yaml',
  });
  return document;
}

/**
 * Looked up through the root ModuleRef, not `app.get`: the application proxy logs a failed lookup
 * as an uncaught error, and an app without docs (the orchestrator, the runtime) is no error.
 */
function findDocsOptions(app: INestApplication): OpenApiDocsOptions | undefined {
  try {
    return app.get(ModuleRef).get<OpenApiDocsOptions>(OPENAPI_DOCS, { strict: false });
  } catch {
    return undefined;
  }
}

/** Every operation under the prefix requires the key scheme, whether or not its controller said so. */
function secureRoutes(document: OpenAPIObject, prefix: string): void {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith(prefix)) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const) {
      const operation = item[method];
      if (operation && !operation.security?.length) operation.security = [{ [API_KEY_SECURITY_SCHEME]: [] }];
    }
  }
}
