import type { FieldError } from '@switchboard/errors';
import { isValidAs } from '@switchboard/events';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { SchemaClass } from './connector-manifest';

export type PlainObject = Record<string, unknown>;

export const isPlainObject = (value: unknown): value is PlainObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates a plain object against a class-validator class: unknown properties are errors, never
 * dropped, and no implicit conversion happens. Returns the typed instance, or path-qualified errors
 * (`input.summary: must be a string`). Messages never contain the offending value.
 */
export function validateAgainstClass<T extends object>(
  schemaClass: SchemaClass<T>,
  value: unknown,
  prefixOf: (property: string) => string,
): { ok: true; value: T } | { ok: false; errors: FieldError[] } {
  if (!isPlainObject(value))
    return { ok: false, errors: [{ path: prefixOf(''), message: 'must be an object' }] };
  const instance = plainToInstance(schemaClass, value, { enableImplicitConversion: false });
  // The class's rules compiled once answer "valid" without class-validator's per-call metadata
  // walk (every command's input and output go through here); "not valid" or "cannot tell" ask
  // class-validator, which also words the errors.
  if (isValidAs(schemaClass, instance as Record<string, unknown>, true) === true)
    return { ok: true, value: instance };
  const failures = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  const errors: FieldError[] = [];
  collect(failures, prefixOf, errors, value);
  return errors.length === 0 ? { ok: true, value: instance } : { ok: false, errors };
}

function collect(
  failures: ValidationError[],
  prefixOf: (property: string) => string,
  out: FieldError[],
  source: PlainObject,
): void {
  for (const failure of failures) {
    if (failure.property === undefined) continue;
    const path = joinPath(prefixOf(failure.property), failure.property);
    if (failure.constraints) {
      out.push({ path, message: messageOf(failure.property, failure.constraints, source[failure.property]) });
    }
    const child = source[failure.property];
    if (failure.children?.length)
      collect(
        failure.children,
        () => path,
        out,
        isPlainObject(child) ? child : Array.isArray(child) ? { ...child } : {},
      );
  }
}

/** A wrong type explains itself better than the constraints that assume the type. */
const TYPE_CHECKS = ['isObject', 'isArray', 'isString', 'isInt', 'isNumber', 'isBoolean'];

function messageOf(property: string, constraints: Record<string, string>, value: unknown): string {
  if ('whitelistValidation' in constraints) return 'is not a known field';
  if (value === undefined || value === null) return 'is required';
  const key = TYPE_CHECKS.find((name) => name in constraints) ?? Object.keys(constraints)[0];
  const message = (key && constraints[key]) || 'is invalid';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** `config` + `baseUrl` → `config.baseUrl`; `hosts` + `0` → `hosts[0]`; odd names are quoted. */
export function joinPath(prefix: string, property: string): string {
  if (prefix === '') return property;
  if (/^\d+$/.test(property)) return `${prefix}[${property}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(property)) return `${prefix}.${property}`;
  return `${prefix}[${JSON.stringify(property)}]`;
}
