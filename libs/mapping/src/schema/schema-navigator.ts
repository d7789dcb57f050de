import type { JsonSchema } from '@switchboard/events';
import { formatPath, type PathSegment } from '../paths/field-path';
import { closestName } from './closest-name';

/** What a path leads to in a schema: a schema, or `open` where the schema allows anything. */
export type SchemaNode = { schema: JsonSchema; name?: string } | 'open';

/** Where a path ends in a schema, or why it cannot be there. */
export type Resolution = { ok: true; node: SchemaNode } | { ok: false; message: string };

const DEFS = '#/$defs/';
const MAX_REF_DEPTH = 32;
const patterns = new Map<string, RegExp>();

/**
 * Follows `segments` through a JSON Schema (2020-12, local `$ref`s into `$defs`, nested
 * `properties` and `items`, `patternProperties`, `additionalProperties`, `propertyNames`, and the
 * branches of `allOf` / `anyOf` / `oneOf`). An object without `additionalProperties: false` (a
 * record such as labels) accepts any key; past such a key, or anywhere the schema says nothing,
 * the rest of the path is `open`. `label` names the root in messages.
 */
export function resolveSchemaPath(
  root: JsonSchema,
  segments: readonly PathSegment[],
  label: string,
): Resolution {
  let node: SchemaNode = deref(root, root);
  for (let i = 0; i < segments.length; i++) {
    if (node === 'open') return { ok: true, node };
    const segment = segments[i]!;
    const here = i === 0 ? label : formatPath(segments.slice(0, i));
    const next = childOf(root, node, segment, here);
    if (typeof next === 'object' && 'error' in next) return { ok: false, message: next.error };
    node = next;
  }
  return { ok: true, node };
}

/** The values a schema allows when it lists them (`enum`, `const`), else undefined. */
export function enumOf(node: SchemaNode): readonly unknown[] | undefined {
  if (node === 'open') return undefined;
  if (Array.isArray(node.schema.enum)) return node.schema.enum as unknown[];
  if ('const' in node.schema) return [node.schema.const];
  return undefined;
}

/** The JSON types a schema allows, or undefined when it does not say. */
export function typesOf(node: SchemaNode): readonly string[] | undefined {
  if (node === 'open') return undefined;
  const type = node.schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type as string[];
  if (Array.isArray(node.schema.enum) && node.schema.enum.length > 0)
    return [...new Set((node.schema.enum as unknown[]).map(jsonTypeOf))];
  return undefined;
}

/** The names a required list asks for on an object node. */
export function requiredOf(node: SchemaNode): readonly string[] {
  if (node === 'open' || !Array.isArray(node.schema.required)) return [];
  return node.schema.required as string[];
}

/** `string`, `integer`, `number`, `boolean`, `object`, `array` or `null`. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether a value of JSON type `type` fits a schema allowing `allowed` (an integer is a number). */
export function typeFits(type: string, allowed: readonly string[]): boolean {
  return allowed.includes(type) || (type === 'integer' && allowed.includes('number'));
}

/**
 * Why `value` does not fit `node` (an enum or a type it is not), or undefined. Only what the schema
 * lists and types: the finer constraints are left to the validation of the output.
 */
export function valueProblem(value: unknown, node: SchemaNode, what: string): string | undefined {
  const allowed = enumOf(node);
  if (allowed && !allowed.some((candidate) => JSON.stringify(candidate) === JSON.stringify(value)))
    return `${describeValue(value)} is not allowed in ${what} (one of ${allowed.map(String).join(', ')})`;
  const types = typesOf(node);
  if (types && !typeFits(jsonTypeOf(value), types))
    return `${describeValue(value)} is ${article(jsonTypeOf(value))}; ${what} takes ${types.map(article).join(' or ')}`;
  return undefined;
}

/** `"high"`, `42`, `an object`: short, for messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

export function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'null') return 'null';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

type Child = SchemaNode | { error: string };

function childOf(
  root: JsonSchema,
  node: Exclude<SchemaNode, 'open'>,
  segment: PathSegment,
  here: string,
): Child {
  const branches = branchesOf(node.schema);
  if (branches) {
    // The first branch that has the segment wins; when none has it, the first branch explains why.
    let firstProblem: Child | undefined;
    for (const branch of branches) {
      const next = childOf(root, deref(root, branch), segment, here);
      if (!(typeof next === 'object' && 'error' in next)) return next;
      firstProblem ??= next;
    }
    return firstProblem ?? 'open';
  }
  const schema = node.schema;
  const types = typesOf(node);
  if (typeof segment === 'number') {
    if (types && !types.includes('array')) return { error: `${here} is ${article(types[0]!)}, not a list` };
    if (schema.items && typeof schema.items === 'object') return deref(root, schema.items as JsonSchema);
    return 'open';
  }
  if (types && !types.includes('object')) {
    return {
      error: types.includes('array')
        ? `${here} is a list: address its items with [n] (e.g. ${here}[0].${segment})`
        : `${here} is ${article(types[0]!)}, which has no field ${segment}`,
    };
  }
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties && Object.hasOwn(properties, segment)) return deref(root, properties[segment]!);
  const patternProperties = schema.patternProperties as Record<string, JsonSchema> | undefined;
  for (const [pattern, child] of Object.entries(patternProperties ?? {}))
    if (regex(pattern).test(segment)) return deref(root, child);
  const additional = schema.additionalProperties;
  if (additional === false) {
    const known = Object.keys(properties ?? {});
    const hint = closestName(segment, known);
    return {
      error:
        `${here}${node.name ? ` (${node.name})` : ''} has no field ${segment}` +
        (hint ? ` (did you mean ${hint}?)` : known.length > 0 ? `; it has ${listNames(known)}` : ''),
    };
  }
  const propertyNames = schema.propertyNames as JsonSchema | undefined;
  if (typeof propertyNames?.pattern === 'string' && !regex(propertyNames.pattern).test(segment))
    return {
      error: `${here} cannot have a key ${JSON.stringify(segment)}: its keys match ${propertyNames.pattern}`,
    };
  if (additional && typeof additional === 'object') return deref(root, additional as JsonSchema);
  return 'open';
}

function branchesOf(schema: JsonSchema): JsonSchema[] | undefined {
  for (const keyword of ['allOf', 'anyOf', 'oneOf'])
    if (Array.isArray(schema[keyword]) && (schema[keyword] as unknown[]).length > 0)
      return schema[keyword] as JsonSchema[];
  return undefined;
}

/** Replaces a local `$ref` by its definition, keeping sibling keywords (`{ type, $ref }`). */
function deref(root: JsonSchema, schema: JsonSchema): Exclude<SchemaNode, 'open'> {
  let current = schema;
  let name: string | undefined;
  for (let depth = 0; typeof current.$ref === 'string' && depth < MAX_REF_DEPTH; depth++) {
    const ref = current.$ref;
    if (!ref.startsWith(DEFS)) break;
    name = ref.slice(DEFS.length);
    const defs = root.$defs as Record<string, JsonSchema> | undefined;
    const target = defs && Object.hasOwn(defs, name) ? defs[name]! : undefined;
    if (!target) break;
    const { $ref: _ref, ...siblings } = current;
    current = { ...siblings, ...target };
  }
  return { schema: current, name };
}

function regex(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    compiled = new RegExp(pattern);
    patterns.set(pattern, compiled);
  }
  return compiled;
}

function listNames(names: string[]): string {
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
}
