import type { FieldError } from '@switchboard/errors';
import type { JsonValue } from '../definition/mapping-definition';
import { assertSafePath, type PathSegment } from '../paths/field-path';
import type { SyncMapper } from './compiled-mapping';
import type { FieldPlan } from './mapping-plan';
import { missingError, unmappedError } from './run-errors';
import { templateText } from './template';

/** What generated code may call: nothing but these. */
interface Helpers {
  text: (value: unknown) => string;
  unmapped: (path: string, fromText: string, value: unknown) => FieldError;
}

const HELPERS: Helpers = Object.freeze({ text: templateText, unmapped: unmappedError });

/**
 * Compiles the plain rules (paths, constants, value maps, templates) into one generated function:
 * `s?.["data"]?.["title"]` reads, `(o["a"] ??= {})["b"] = v` writes, a `switch` per value map,
 * `+` per template. Nothing from the definition is spliced in as code: every name and value goes
 * through `JSON.stringify` (a string literal in JS), indices are checked integers, and names that
 * reach the prototype chain are refused here again even though validation already refused them.
 * @throws EvalError where code generation from strings is disabled (then use `closures`).
 */
export function compileWithCodegen(fields: readonly FieldPlan[]): SyncMapper {
  const body = [
    '"use strict";',
    'return function compiledMapping(s) {',
    'const o = {}, e = [];',
    'let v, t;',
    ...fields.flatMap(fieldCode),
    'return { output: o, errors: e };',
    '};',
  ].join('\n');
  const factory = new Function('h', body) as (helpers: Helpers) => SyncMapper;
  return factory(HELPERS);
}

function fieldCode(field: FieldPlan): string[] {
  const write = writeCode(field.target, 'v');
  const fallback = field.hasDefault ? `v = ${literal(field.default!)};` : '';
  const missing = field.required ? `if (v == null) e.push(${errorLiteral(missingError(field))});` : '';
  switch (field.kind) {
    case 'const':
      return [writeCode(field.target, literal(field.value ?? null))];
    case 'template':
      return [`v = ${templateCode(field)};`, write];
    case 'from':
      return [
        `v = ${readCode(field.from!)};`,
        `if (v == null) { ${fallback} ${missing} }`,
        `if (v != null) ${write}`,
      ];
    case 'map': {
      const unmapped = field.hasDefault
        ? fallback
        : `e.push(h.unmapped(${str(field.errorPath)}, ${str(field.fromText!)}, v)); v = undefined;`;
      return [
        `v = ${readCode(field.from!)};`,
        'if (v != null) {',
        'switch (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null) {',
        ...[...field.map!].map(([key, value]) => `case ${str(key)}: v = ${literal(value)}; break;`),
        `default: ${unmapped}`,
        '}',
        `} else { ${fallback} ${missing} }`,
        `if (v != null) ${write}`,
      ];
    }
    case 'expr':
      // Evaluated asynchronously after the generated part (see expression-runner.ts).
      return [];
  }
}

function templateCode(field: FieldPlan): string {
  const parts = field.template!.map((part) =>
    'text' in part
      ? str(part.text)
      : `((t = ${readCode(part.path)}) == null ? "" : typeof t === "string" ? t : h.text(t))`,
  );
  return parts.length === 0 ? '""' : parts.join(' + ');
}

/** `s?.["data"]?.["resource"]?.["host"]`: a missing step anywhere reads as undefined. */
function readCode(segments: readonly PathSegment[]): string {
  return `s${segments.map((segment) => `?.[${keyCode(segment)}]`).join('')}`;
}

/** `((o["a"] ??= {})["b"] ??= [])[0] = v`: containers are created only when a value is written. */
function writeCode(segments: readonly PathSegment[], value: string): string {
  let container = 'o';
  for (let i = 0; i < segments.length - 1; i++)
    container = `(${container}[${keyCode(segments[i]!)}] ??= ${typeof segments[i + 1] === 'number' ? '[]' : '{}'})`;
  return `${container}[${keyCode(segments[segments.length - 1]!)}] = ${value};`;
}

function keyCode(segment: PathSegment): string {
  assertSafePath([segment]);
  return typeof segment === 'number' ? String(segment) : str(segment);
}

/** Primitives as literals; objects and lists parsed afresh per run, so runs never share them. */
function literal(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('refusing a non-finite number');
    return JSON.stringify(value);
  }
  // JSON.parse, not an object literal: a "__proto__" key in a literal would set the prototype.
  return `JSON.parse(${str(JSON.stringify(value))})`;
}

function errorLiteral(error: FieldError): string {
  return `{ path: ${str(error.path)}, message: ${str(error.message)} }`;
}

/** A JS string literal holding `text`, whatever it contains. */
function str(text: string): string {
  return JSON.stringify(String(text));
}
