import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
  OpenApiRoutes,
  type OpenApiDocument,
  type OpenApiMediaType,
  type OpenApiParameter,
  type OpenApiSchema,
  type OperationRef,
} from './openapi-document';

/** A request as it reached the fake server, before any interpretation. */
export interface ContractRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Raw body text ('' when none). */
  body: string;
}

/** What the spec says about one request: the operation it addresses, and every way it breaks the spec. */
export interface RequestVerdict {
  operation?: OperationRef;
  pathParams: Record<string, string>;
  /** Human-readable, one per problem, e.g. `query.maxResults: must be integer`. Empty when valid. */
  violations: string[];
}

/** A documented example answer of an operation. */
export interface ExampleResponse {
  status: number;
  /** Parsed JSON, or undefined for an answer without a body (204). */
  body?: unknown;
}

const JSON_MEDIA = 'application/json';

/**
 * An OpenAPI 3.0 document compiled for contract tests: matches a request to its operation and
 * validates method, path template, path and query parameters (typed as the spec declares them;
 * parameters the operation does not declare are violations too) and the JSON body (ajv, with
 * OpenAPI's `nullable`; a `readOnly` property sent in a request is a violation). Answers with the
 * spec's documented examples. Schemas compile lazily, once per operation, so a 2 MB spec costs
 * only what a suite uses.
 */
export class OpenApiContract {
  readonly routes: OpenApiRoutes;
  private readonly requestAjv: Ajv;
  private readonly responseAjv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {
    this.routes = new OpenApiRoutes(document);
    this.requestAjv = createAjv(document, 'request');
    this.responseAjv = createAjv(document, 'response');
  }

  /** Title and version of the spec, for messages. */
  get title(): string {
    return `${this.document.info?.title ?? 'OpenAPI'} ${this.document.info?.version ?? ''}`.trim();
  }

  /** Checks one request against the spec. */
  checkRequest(request: ContractRequest): RequestVerdict {
    const label = `${request.method} ${request.path}`;
    const matched = this.routes.match(request.method, request.path);
    if (!('ref' in matched))
      return {
        pathParams: {},
        violations: [
          matched.pathKnown
            ? `${label}: the spec has no ${request.method} operation on this path`
            : `${label}: no path of the spec matches`,
        ],
      };
    const { ref, pathParams } = matched;
    const violations: string[] = [];
    if (ref.operation.deprecated) violations.push(`${label}: ${ref.id} is deprecated in the spec`);
    for (const parameter of ref.parameters) {
      if (parameter.in === 'path')
        this.checkPathParam(ref, parameter, pathParams[parameter.name], violations);
      if (
        parameter.in === 'header' &&
        parameter.required &&
        request.headers[parameter.name.toLowerCase()] === undefined
      )
        violations.push(`header ${parameter.name}: required by ${ref.id}`);
    }
    this.checkQuery(ref, request.query, violations);
    this.checkBody(ref, request, violations);
    return { operation: ref, pathParams, violations };
  }

  /** The first documented 2xx answer of an operation (or of `status`), examples parsed from JSON text. */
  exampleResponse(operationId: string, status?: number): ExampleResponse {
    const ref = this.routes.operation(operationId);
    if (!ref) throw new Error(`The spec has no operation ${operationId}`);
    const responses = ref.operation.responses ?? {};
    const codes =
      status === undefined ? Object.keys(responses).filter((code) => /^2\d\d$/.test(code)) : [String(status)];
    for (const code of codes) {
      const media = responses[code]?.content?.[JSON_MEDIA];
      const example = media && documentedExample(media);
      if (example !== undefined) return { status: Number(code), body: example };
    }
    const first = codes[0];
    if (first === undefined) throw new Error(`${operationId} documents no success response`);
    return { status: Number(first) };
  }

  /**
   * Violations of a response body against the operation's schema for `status` (for fakes: a fake
   * that answers what Jira never would proves nothing). Empty when valid or undocumented.
   */
  checkResponse(operationId: string, status: number, body: unknown): string[] {
    const ref = this.routes.operation(operationId);
    const schema = ref?.operation.responses?.[String(status)]?.content?.[JSON_MEDIA]?.schema;
    if (!ref || !schema || body === undefined) return [];
    const validate = this.compile(this.responseAjv, `response:${ref.id}:${status}`, schema);
    return validate(body) ? [] : describe(validate.errors, `response ${status} of ${ref.id}`);
  }

  private checkPathParam(
    ref: OperationRef,
    parameter: OpenApiParameter,
    value: string | undefined,
    violations: string[],
  ): void {
    if (value === undefined || value === '') {
      violations.push(`path.${parameter.name}: required by ${ref.id}`);
      return;
    }
    this.checkValue(ref, parameter, coerce(value, parameter.schema), violations);
  }

  private checkQuery(ref: OperationRef, query: URLSearchParams, violations: string[]): void {
    const declared = new Map(ref.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const name of new Set(query.keys())) {
      const parameter = declared.get(name);
      if (!parameter) {
        violations.push(`query.${name}: ${ref.id} declares no such parameter`);
        continue;
      }
      const values = query.getAll(name);
      const schema = parameter.schema ?? {};
      if (schema.type === 'array') {
        const items = (schema.items as OpenApiSchema | undefined) ?? {};
        this.checkValue(
          ref,
          parameter,
          values.map((v) => coerce(v, items)),
          violations,
        );
      } else if (values.length > 1) {
        violations.push(`query.${name}: given ${values.length} times, the spec takes one value`);
      } else {
        this.checkValue(ref, parameter, coerce(values[0]!, schema), violations);
      }
    }
    for (const parameter of declared.values())
      if (parameter.required && !query.has(parameter.name))
        violations.push(`query.${parameter.name}: required by ${ref.id}`);
  }

  private checkValue(
    ref: OperationRef,
    parameter: OpenApiParameter,
    value: unknown,
    violations: string[],
  ): void {
    if (!parameter.schema) return;
    const validate = this.compile(
      this.requestAjv,
      `param:${ref.id}:${parameter.in}:${parameter.name}`,
      parameter.schema,
    );
    if (!validate(value)) violations.push(...describe(validate.errors, `${parameter.in}.${parameter.name}`));
  }

  private checkBody(ref: OperationRef, request: ContractRequest, violations: string[]): void {
    const requestBody = ref.operation.requestBody;
    const hasBody = request.body.trim() !== '';
    if (!requestBody) {
      if (hasBody) violations.push(`body: ${ref.id} takes no request body`);
      return;
    }
    if (!hasBody) {
      if (requestBody.required) violations.push(`body: required by ${ref.id}`);
      return;
    }
    const header = request.headers['content-type'];
    const mediaType = (Array.isArray(header) ? header[0] : header)?.split(';')[0]?.trim().toLowerCase();
    const content = requestBody.content ?? {};
    if (!mediaType || !(mediaType in content)) {
      violations.push(
        `header content-type: ${mediaType ?? 'none'}, the spec takes ${Object.keys(content).join(', ')}`,
      );
      return;
    }
    if (mediaType !== JSON_MEDIA) return;
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      violations.push('body: not valid JSON');
      return;
    }
    const schema = content[JSON_MEDIA]?.schema;
    if (!schema) return;
    const validate = this.compile(this.requestAjv, `body:${ref.id}`, schema);
    if (!validate(body)) violations.push(...describe(validate.errors, 'body'));
  }

  private compile(ajv: Ajv, key: string, schema: OpenApiSchema): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = ajv.compile(rebaseRefs(schema));
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

/** The id under which the whole document is registered, so `#/components/…` refs resolve into it. */
const DOCUMENT_ID = 'openapi-document';

function createAjv(document: OpenApiDocument, direction: 'request' | 'response'): Ajv {
  // strict: false tolerates vendor extensions (x-atlassian-*), `example` and `discriminator`.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  const integer = (min: number, max: number) => ({
    type: 'number' as const,
    validate: (n: number) => Number.isInteger(n) && n >= min && n <= max,
  });
  ajv.addFormat('int32', integer(-(2 ** 31), 2 ** 31 - 1));
  ajv.addFormat('int64', integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  ajv.addFormat('double', { type: 'number', validate: Number.isFinite });
  ajv.addFormat('binary', () => true);
  ajv.addFormat('url', (value: string) => URL.canParse(value));
  if (direction === 'request') {
    // OpenAPI: "readOnly … SHOULD NOT be sent as part of the request". A client that sends one
    // relies on something the server ignores (or, for Jira, refuses).
    ajv.removeKeyword('readOnly');
    ajv.addKeyword({
      keyword: 'readOnly',
      schemaType: 'boolean',
      validate: (readOnly: boolean) => !readOnly,
      errors: false,
    });
  }
  ajv.addSchema({ $id: DOCUMENT_ID, components: document.components ?? {} });
  return ajv;
}

/** `#/components/schemas/X` → `openapi-document#/components/schemas/X`, in a copy. */
function rebaseRefs(schema: OpenApiSchema): OpenApiSchema {
  return JSON.parse(
    JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOCUMENT_ID}#/`),
  ) as OpenApiSchema;
}

/** A query or path string typed as the parameter's schema says, so ajv sees what the server would parse. */
function coerce(value: string, schema: OpenApiSchema | undefined): unknown {
  switch (schema?.type) {
    case 'integer':
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

function documentedExample(media: OpenApiMediaType): unknown {
  const example = media.example ?? Object.values(media.examples ?? {})[0]?.value;
  if (typeof example !== 'string') return example;
  try {
    return JSON.parse(example) as unknown;
  } catch {
    return example;
  }
}

function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((error) => {
    const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const location = path ? `${where}.${path}` : where;
    if (error.keyword === 'readOnly') return `${location}: read-only in the spec, must not be sent`;
    if (error.keyword === 'additionalProperties')
      return `${location}: unknown property ${String((error.params as { additionalProperty?: unknown }).additionalProperty)}`;
    return `${location}: ${error.message ?? error.keyword}`;
  });
}
