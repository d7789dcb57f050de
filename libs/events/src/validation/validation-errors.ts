import type { FieldError } from '@switchboard/errors';
import type { ValidationError } from 'class-validator';

// class-validator reports a tree of errors with messages such as "severity must be one of the
// following values: …". The hub reports one flat, path-qualified line per faulty property:
// `data.severity: must be one of critical, high, medium, low, info`.

/** Type checks win over the constraints that assume the type (`isArray` over "each value …"). */
const MESSAGE_PRIORITY = [
  'isArray',
  'isObject',
  'isString',
  'isInt',
  'isBoolean',
  'equals',
  'isIn',
  'isRecord',
];

const REWORDED: Record<string, string> = {
  'must be a boolean value': 'must be a boolean',
  'must be an integer number': 'must be an integer',
};

/** `data` + `links` → `data.links`; `links` + `0` → `links[0]`; `data` + `cloud.provider` → `data["cloud.provider"]`. */
export function joinPath(prefix: string, property: string): string {
  if (/^\d+$/.test(property)) return `${prefix}[${property}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(property)) return prefix ? `${prefix}.${property}` : property;
  return `${prefix}[${JSON.stringify(property)}]`;
}

function messageOf(error: ValidationError, constraints: Record<string, string>): string {
  if ('whitelistValidation' in constraints) return 'property is not allowed';
  if (error.value === undefined) return 'is required';
  const key = MESSAGE_PRIORITY.find((name) => name in constraints) ?? Object.keys(constraints)[0];
  if (key === 'nestedValidation') return 'must be an object';
  let message = constraints[key];
  const property = error.property;
  if (message.startsWith(`${property} `)) message = message.slice(property.length + 1);
  else if (message.startsWith(`each value in ${property} `))
    message = `each value ${message.slice(14 + property.length + 1)}`;
  message = message.replace('one of the following values: ', 'one of ');
  return REWORDED[message] ?? message;
}

const EACH_VALUE_OBJECT = 'each value must be an object';

/** Appends one {@link FieldError} per faulty property of `errors` (recursively) to `out`. */
export function collectFieldErrors(errors: ValidationError[], prefix: string, out: FieldError[]): void {
  for (const error of errors) {
    // forbidUnknownValues on a value that is not one of our classes: its parent already says why.
    if (error.property === undefined) continue;
    const path = joinPath(prefix, error.property);
    const children = error.children ?? [];
    if (error.constraints) {
      const message = messageOf(error, error.constraints);
      // "each value must be an object" on the array is redundant when the elements say it themselves.
      const saidByElements =
        message === EACH_VALUE_OBJECT &&
        children.some((child) => child.constraints !== undefined && 'nestedValidation' in child.constraints);
      if (!saidByElements) out.push({ path, message });
    }
    if (children.length > 0) collectFieldErrors(children, path, out);
  }
}

/** `data.severity: must be one of …`; the bare message when the path is empty (the event itself). */
export function formatFieldError(error: FieldError): string {
  return error.path ? `${error.path}: ${error.message}` : error.message;
}
