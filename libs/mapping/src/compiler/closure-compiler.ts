import type { FieldError } from '@switchboard/errors';
import type { JsonValue } from '../definition/mapping-definition';
import { assertSafePath, type PathSegment } from '../paths/field-path';
import type { SyncMapper } from './compiled-mapping';
import type { FieldPlan } from './mapping-plan';
import { mapKeyOf, missingError, unmappedError } from './run-errors';
import { templateText } from './template';

/** An object or list being read or written by key or index. */
type Bag = Record<PropertyKey, unknown>;
type Reader = (source: unknown) => unknown;
/** Writes `value` at a fixed path of `output`, creating the containers on the way. */
export type Writer = (output: Bag, value: unknown) => void;
type FieldRunner = (source: unknown, output: Bag, errors: FieldError[]) => void;

/**
 * Compiles the plain rules into precomputed closures: one reader per source path (specialised by
 * depth, so short paths are straight-line code), one writer per target path, one runner per field.
 * Same results as the generated code, without code generation from strings.
 */
export function compileWithClosures(fields: readonly FieldPlan[]): SyncMapper {
  const runners = fields.filter((field) => field.kind !== 'expr').map(fieldRunner);
  return (source) => {
    const output: Bag = {};
    const errors: FieldError[] = [];
    for (const run of runners) run(source, output, errors);
    return { output, errors };
  };
}

function fieldRunner(field: FieldPlan): FieldRunner {
  const write = writer(field.target);
  const fallback = field.hasDefault ? valueOf(field.default!) : undefined;
  const missing = field.required ? missingError(field) : undefined;
  const orFallback = (value: unknown, errors: FieldError[]): unknown => {
    const chosen = value ?? fallback?.();
    if (chosen == null && missing) errors.push({ ...missing });
    return chosen;
  };
  switch (field.kind) {
    case 'const': {
      const value = valueOf(field.value ?? null);
      return (_source, output) => write(output, value());
    }
    case 'template': {
      const text = templateRunner(field);
      return (source, output) => write(output, text(source));
    }
    case 'from': {
      const read = reader(field.from!);
      return (source, output, errors) => {
        const value = orFallback(read(source), errors);
        if (value != null) write(output, value);
      };
    }
    case 'map': {
      const read = reader(field.from!);
      const map = field.map!;
      return (source, output, errors) => {
        let value = read(source);
        if (value == null) value = orFallback(value, errors);
        else {
          const key = mapKeyOf(value);
          if (key !== null && map.has(key)) value = map.get(key);
          else if (fallback) value = fallback();
          else {
            errors.push(unmappedError(field.errorPath, field.fromText!, value));
            value = undefined;
          }
        }
        if (value != null) write(output, value);
      };
    }
    case 'expr':
      return () => undefined;
  }
}

function templateRunner(field: FieldPlan): (source: unknown) => string {
  const parts = field.template!.map((part) => ('text' in part ? part.text : reader(part.path)));
  return (source) => {
    let text = '';
    for (const part of parts) text += typeof part === 'string' ? part : templateText(part(source));
    return text;
  };
}

/** Reads a fixed path; a missing step anywhere reads as undefined. */
export function reader(segments: readonly PathSegment[]): Reader {
  assertSafePath(segments);
  const [a, b, c, d] = segments as [PathSegment, PathSegment, PathSegment, PathSegment];
  switch (segments.length) {
    case 1:
      return (s) => (s as Bag | null | undefined)?.[a];
    case 2:
      return (s) => ((s as Bag | null | undefined)?.[a] as Bag | null | undefined)?.[b];
    case 3:
      return (s) =>
        (((s as Bag | null | undefined)?.[a] as Bag | null | undefined)?.[b] as Bag | null | undefined)?.[c];
    case 4:
      return (s) =>
        (
          (((s as Bag | null | undefined)?.[a] as Bag | null | undefined)?.[b] as Bag | null | undefined)?.[
            c
          ] as Bag | null | undefined
        )?.[d];
    default:
      return (s) => {
        let value = s;
        for (const segment of segments) {
          if (value == null) return undefined;
          value = (value as Bag)[segment];
        }
        return value;
      };
  }
}

/** Writes at a fixed path, creating objects (or lists, before an index) only when a value comes. */
export function writer(segments: readonly PathSegment[]): Writer {
  assertSafePath(segments);
  const last = segments[segments.length - 1]!;
  if (segments.length === 1) return (output, value) => void (output[last] = value);
  return (output, value) => {
    let container = output;
    for (let i = 0; i < segments.length - 1; i++)
      container = (container[segments[i]!] ??= typeof segments[i + 1] === 'number' ? [] : {}) as Bag;
    container[last] = value;
  };
}

/** A constant: primitives as they are, objects and lists copied per run so runs never share them. */
function valueOf(value: JsonValue): () => unknown {
  if (value === null || typeof value !== 'object') return () => value;
  return () => structuredClone(value);
}
