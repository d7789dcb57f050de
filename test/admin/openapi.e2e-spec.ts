import request from 'supertest';
import type { RunningHttpApp } from '@switchboard/platform';
import { hubEnv, tempDataDir } from '../platform/platform-test-env';
import { startCapturingStdout } from './support/start-hub';

interface Schema {
  $ref?: string;
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema & { example?: unknown }>;
  example?: unknown;
}
interface Operation {
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/**
 * Every admin route is documented the way a client generator and a reader need: a success
 * response with a schema (unless it answers 204), request bodies with schemas, examples on the
 * fields, and the API key scheme. A new route that skips any of it fails here.
 */
const data = tempDataDir('openapi');
let hub: RunningHttpApp;
let document: OpenApiDocument;

beforeAll(async () => {
  hub = (await startCapturingStdout(hubEnv(data.dir, { SWITCHBOARD_BUS: 'memory' }))).hub;
  document = (await request(hub.app.getHttpServer()).get('/docs/openapi.json').expect(200)).body;
});

afterAll(async () => {
  await hub?.close();
  data.remove();
});

function resolve(schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  return document.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
}

/** True when the schema, or the schema of its items, carries examples on its fields. */
function hasExamples(schema: Schema | undefined): boolean {
  const resolved = resolve(schema);
  if (!resolved) return false;
  if (resolved.example !== undefined) return true;
  if (resolved.items) return hasExamples(resolved.items);
  const properties = Object.values(resolved.properties ?? {});
  return properties.some((property) => property.example !== undefined || hasExamples(property));
}

it('documents every /api/v1 operation with schemas, examples and the API key scheme', () => {
  const operations = Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    );
  expect(operations.length).toBeGreaterThanOrEqual(12);
  const problems: string[] = [];
  for (const { name, op } of operations) {
    if (!op.security?.length) problems.push(`${name}: no security scheme`);
    const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
    if (success.length === 0) problems.push(`${name}: no success response`);
    for (const [status, response] of success) {
      if (status === '204') continue;
      const schema = response.content?.['application/json']?.schema;
      if (!schema) problems.push(`${name}: ${status} has no schema`);
      else if (!hasExamples(schema)) problems.push(`${name}: ${status} schema has no examples`);
    }
    if (op.requestBody) {
      const schema = op.requestBody.content['application/json']?.schema;
      if (!schema) problems.push(`${name}: request body has no schema`);
      else if (!hasExamples(schema)) problems.push(`${name}: request body schema has no examples`);
    }
  }
  expect(problems).toEqual([]);
});
