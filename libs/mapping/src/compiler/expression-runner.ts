import type { FieldError } from '@switchboard/errors';
import { writer, type Writer } from './closure-compiler';
import type { MappingResult, SyncMapper } from './compiled-mapping';
import { expressionErrorMessage } from './jsonata-expression';
import type { FieldPlan } from './mapping-plan';
import { missingError } from './run-errors';

interface ExpressionField {
  field: FieldPlan;
  write: Writer;
}

/**
 * Adds the JSONata fields to a compiled plain part: the plain fields run first (synchronously), then
 * each expression is evaluated against the source, one after the other (JSONata is CPU-bound, so
 * running them side by side would gain nothing and cost a promise each). A failing expression
 * records an error for its field and never stops the others.
 */
export function withExpressions(
  plain: SyncMapper,
  fields: readonly FieldPlan[],
): (source: unknown) => Promise<MappingResult> {
  const expressions: ExpressionField[] = fields.map((field) => ({ field, write: writer(field.target) }));
  return async (source) => {
    const result = plain(source);
    for (const { field, write } of expressions) {
      let value: unknown;
      try {
        value = await field.expression!.evaluate(source);
      } catch (error) {
        result.errors.push({
          path: field.errorPath,
          message: `expression failed: ${expressionErrorMessage(error)}`,
        });
        continue;
      }
      value = settle(value, field, result.errors);
      if (value != null) write(result.output, value);
    }
    return result;
  };
}

function settle(result: unknown, field: FieldPlan, errors: FieldError[]): unknown {
  if (typeof result === 'function') {
    errors.push({ path: field.errorPath, message: 'expression gave a function, not a value' });
    return undefined;
  }
  let value = plainJson(result);
  if (value == null && field.hasDefault) value = structuredClone(field.default);
  if (value == null && field.required) errors.push(missingError(field));
  return value;
}

/**
 * JSONata marks the lists it builds with extra properties (`sequence`, `keepSingleton`) and may
 * leave functions inside results: copy lists and objects as plain JSON, dropping functions.
 */
function plainJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (const item of value) {
      const plain = plainJson(item);
      copy.push(plain === undefined ? null : plain);
    }
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const plain = plainJson(item);
    if (plain !== undefined) copy[key] = plain;
  }
  return copy;
}
