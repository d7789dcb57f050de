import { SwitchboardError } from '@switchboard/errors';
import { compileExpression, type JsonataExpression } from '@switchboard/mapping';

const cache = new Map<string, JsonataExpression>();
const MAX_CACHED = 5_000;

/** A JSONata condition, parsed once per text (flows reuse their conditions on every run). */
export function condition(text: string): JsonataExpression {
  let expression = cache.get(text);
  if (!expression) {
    const compiled = compileExpression(text);
    if (!compiled.ok)
      throw SwitchboardError.validation(`Invalid condition: ${compiled.message}`, [
        { path: 'when', message: compiled.message },
      ]);
    if (cache.size >= MAX_CACHED) cache.clear();
    expression = compiled.expression;
    cache.set(text, expression);
  }
  return expression;
}

/** Whether a condition holds for `context`: JSONata's truthiness (an empty result is false). */
export async function holds(text: string, context: unknown): Promise<boolean> {
  const value: unknown = await condition(text).evaluate(context);
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0 && value.some((item) => Boolean(item));
  return Boolean(value);
}

/** Parse errors of a condition, for validation on save (`undefined` when it parses). */
export function conditionError(text: string): string | undefined {
  const compiled = compileExpression(text);
  return compiled.ok ? undefined : compiled.message;
}
