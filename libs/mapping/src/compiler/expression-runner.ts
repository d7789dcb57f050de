import type { FieldError } from '@switchboard/errors';
import { writer, type Writer } from './closure-compiler';
import type { MappingResult, SyncMapper } from './compiled-mapping';
import { compileFastExpression, UNDECIDED, type FastExpression } from '../expressions/fast-expression';
import { expressionErrorMessage, type ExpressionLimits } from './jsonata-expression';
import type { FieldPlan } from './mapping-plan';
import { missingError } from './run-errors';

interface ExpressionField {
  field: FieldPlan;
  write: Writer;
  /** Plain JavaScript for the expression when it is in the fast subset (see fast-expression.ts). */
  fast: FastExpression | undefined;
}

/**
 * Adds the JSONata fields to a compiled plain part: the plain fields run first (synchronously), then
 * each expression is evaluated against the source, one after the other (JSONata is CPU-bound, so
 * running them side by side would gain nothing and cost a promise each). An expression in the fast
 * subset runs as plain JavaScript, and by JSONata only where the subset leaves the value to it.
 * A failing expression records an error for its field and never stops the others.
 * `fastLimits` are JSONata's guardrails the fast subset keeps to; without them, JSONata runs all.
 */
export function withExpressions(
  plain: SyncMapper,
  fields: readonly FieldPlan[],
  fastLimits: ExpressionLimits | undefined,
): (source: unknown) => Promise<MappingResult> {
  const expressions: ExpressionField[] = fields.map((field) => ({
    field,
    write: writer(field.target),
    fast: fastLimits && compileFastExpression(field.expression!.ast(), fastLimits),
  }));
  return async (source) => {
    const result = plain(source);
    for (const { field, write, fast } of expressions) {
      let value: unknown;
      try {
        value = fast ? fast(source) : UNDECIDED;
        if (value === UNDECIDED) value = await field.expression!.evaluate(source);
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
