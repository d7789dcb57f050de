// The slice of an OpenAPI 3.0 document the contract checks read. Vendor specs are large and loose
// (Atlassian's has 417 paths): everything is optional and read defensively.

/** A JSON Schema as OpenAPI 3.0 writes it (`nullable`, `readOnly`, `$ref: '#/components/…'`). */
export type OpenApiSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: OpenApiSchema;
}

export interface OpenApiMediaType {
  schema?: OpenApiSchema;
  /** Atlassian writes most examples as JSON text; some specs write the value itself. */
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

export interface OpenApiResponse {
  description?: string;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiOperation {
  operationId?: string;
  deprecated?: boolean;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, OpenApiMediaType> };
  responses?: Record<string, OpenApiResponse>;
}

export type OpenApiPathItem = Partial<Record<HttpVerb, OpenApiOperation>> & {
  parameters?: OpenApiParameter[];
};

export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; version?: string };
  paths: Record<string, OpenApiPathItem>;
  components?: Record<string, unknown>;
}

export const HTTP_VERBS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpVerb = (typeof HTTP_VERBS)[number];

/** An operation of the document, with where it lives. */
export interface OperationRef {
  /** `operationId`, or `<METHOD> <template>` when the spec gives none. */
  id: string;
  method: HttpVerb;
  /** The path template, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  template: string;
  operation: OpenApiOperation;
  /** Path-level parameters merged with the operation's (the operation's win). */
  parameters: OpenApiParameter[];
}

interface CompiledRoute {
  ref: OperationRef;
  pattern: RegExp;
  names: string[];
  /** Literal segments: more literal means more specific (`/search/jql` beats `/search/{id}`). */
  literals: number;
}

/** Finds the operation a concrete request addresses, as a router generated from the spec would. */
export class OpenApiRoutes {
  private readonly routes: CompiledRoute[] = [];

  constructor(readonly document: OpenApiDocument) {
    for (const [template, item] of Object.entries(document.paths)) {
      const names: string[] = [];
      const segments = template.split('/').map((segment) => {
        const param = /^\{([^}]+)\}$/.exec(segment);
        if (!param) return escapeRegExp(segment);
        names.push(param[1]!);
        return '([^/]+)';
      });
      const pattern = new RegExp(`^${segments.join('/')}$`);
      const literals = template.split('/').filter((s) => s && !s.startsWith('{')).length;
      for (const method of HTTP_VERBS) {
        const operation = item[method];
        if (!operation) continue;
        const parameters = mergeParameters(item.parameters ?? [], operation.parameters ?? []);
        const id = operation.operationId ?? `${method.toUpperCase()} ${template}`;
        this.routes.push({ ref: { id, method, template, operation, parameters }, pattern, names, literals });
      }
    }
    this.routes.sort((a, b) => b.literals - a.literals);
  }

  /** The operation for `method path`, with its decoded path parameters; undefined when none matches. */
  match(
    method: string,
    path: string,
  ): { ref: OperationRef; pathParams: Record<string, string> } | { pathKnown: boolean } {
    const verb = method.toLowerCase();
    let pathKnown = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.ref.method !== verb) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, i) => (pathParams[name] = decodeURIComponent(found[i + 1]!)));
      return { ref: route.ref, pathParams };
    }
    return { pathKnown };
  }

  /** Every operation, by id. */
  operation(id: string): OperationRef | undefined {
    return this.routes.find((route) => route.ref.id === id)?.ref;
  }
}

function mergeParameters(
  pathLevel: readonly OpenApiParameter[],
  own: readonly OpenApiParameter[],
): OpenApiParameter[] {
  const byKey = new Map<string, OpenApiParameter>();
  for (const parameter of [...pathLevel, ...own]) byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  return [...byKey.values()];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
