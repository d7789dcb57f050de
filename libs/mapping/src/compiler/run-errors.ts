import type { FieldError } from '@switchboard/errors';
import { describeValue } from '../schema/schema-navigator';
import type { FieldPlan } from './mapping-plan';

// The errors a run reports per field. Both compile strategies and the expression runner use these,
// so a field fails with the same words whichever way it was compiled.

/** A required field that got no value. */
export function missingError(field: FieldPlan): FieldError {
  const why = field.kind === 'expr' ? 'the expression gave no value' : `${field.fromText} is missing`;
  return { path: field.errorPath, message: `is required, but ${why}` };
}

/** A value the value map does not list, with no default to fall back on. */
export function unmappedError(path: string, fromText: string, value: unknown): FieldError {
  return { path, message: `${fromText} is ${describeValue(value)}, which the value map does not map` };
}

/** The key a value-map lookup uses: text as is, numbers and booleans as text, anything else none. */
export function mapKeyOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}
