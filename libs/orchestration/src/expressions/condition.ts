import { SwitchboardError } from '@switchboard/errors';
import {
  compileExpression,
  compileFastExpression,
  holdsTruth,
  UNDECIDED,
  type FastExpression,
  type JsonataExpression,
} from '@switchboard/mapping';

interface Parsed {
  readonly expression: JsonataExpression;
  /** Plain JavaScript for it, when it is in the subset that compiles (see @switchboard/mapping). */
  readonly fast: FastExpression | undefined;
}

const cache = new Map<string, Parsed>();
const MAX_CACHED = 5_000;

function parsed(text: string): Parsed {
  let entry = cache.get(text);
  if (!entry) {
    const compiled = compileExpression(text);
    if (!compiled.ok)
      throw SwitchboardError.validation(`Invalid condition: ${compiled.message}`, [
        { path: 'when', message: compiled.message },
      ]);
    if (cache.size >= MAX_CACHED) cache.clear();
    entry = { expression: compiled.expression, fast: compileFastExpression(compiled.expression.ast()) };
    cache.set(text, entry);
  }
  return entry;
}

/** A JSONata condition, parsed once per text (flows reuse their conditions on every run). */
export function condition(text: string): JsonataExpression {
  return parsed(text).expression;
}

/**
 * Whether a condition holds for `context`: JSONata's `$boolean` of its value, an empty result
 * counting as false (the truth `and`, `or` and `? :` use inside it too). Common conditions run as
 * plain JavaScript; the rest, and any case the fast path leaves undecided, are evaluated by JSONata.
 */
export async function holds(text: string, context: unknown): Promise<boolean> {
  const { expression, fast } = parsed(text);
  const quick = fast ? fast(context) : UNDECIDED;
  const truth = holdsTruth(quick === UNDECIDED ? await expression.evaluate(context) : quick);
  // Undecided only for an infinity, which $boolean refuses: a number that is not zero holds.
  return truth === UNDECIDED ? true : truth;
}

/** Parse errors of a condition, for validation on save (`undefined` when it parses). */
export function conditionError(text: string): string | undefined {
  const compiled = compileExpression(text);
  return compiled.ok ? undefined : compiled.message;
}
