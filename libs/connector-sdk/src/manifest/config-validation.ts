import type { FieldError } from '@switchboard/errors';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ConnectorTypeDefinition } from './connector-type';
import { secretFieldsOfType } from './connector-type.registry';

type PlainObject = Record<string, unknown>;

const isPlainObject = (value: unknown): value is PlainObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks an instance's `config` and `secrets` against its type's config class. Returns one
 * path-qualified error per faulty field (`config.baseUrl: must be a URL`), empty when valid.
 * Secret fields belong in `secrets` and only there; unknown fields are errors, never dropped.
 * Error messages never contain the offending value.
 */
export function validateConnectorConfig(
  type: ConnectorTypeDefinition,
  config: unknown,
  secrets: unknown = {},
): FieldError[] {
  const errors: FieldError[] = [];
  if (!isPlainObject(config)) errors.push({ path: 'config', message: 'must be an object' });
  if (!isPlainObject(secrets)) errors.push({ path: 'secrets', message: 'must be an object' });
  if (errors.length > 0) return errors;
  const configObject = config as PlainObject;
  const secretObject = secrets as PlainObject;

  const secretFields = new Set(secretFieldsOfType(type));
  const merged: PlainObject = {};
  for (const [key, value] of Object.entries(configObject)) {
    if (secretFields.has(key))
      errors.push({ path: joinPath('config', key), message: 'is a secret: send it in secrets' });
    else merged[key] = value;
  }
  for (const [key, value] of Object.entries(secretObject)) {
    if (!secretFields.has(key))
      errors.push({ path: joinPath('secrets', key), message: `is not a secret field of ${type.id}` });
    else merged[key] = value;
  }

  const instance = plainToInstance(type.configClass, merged, { enableImplicitConversion: false });
  const failures = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  collect(failures, (property) => (secretFields.has(property) ? 'secrets' : 'config'), errors, merged);
  return errors;
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
function joinPath(prefix: string, property: string): string {
  if (/^\d+$/.test(property)) return `${prefix}[${property}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(property)) return `${prefix}.${property}`;
  return `${prefix}[${JSON.stringify(property)}]`;
}
