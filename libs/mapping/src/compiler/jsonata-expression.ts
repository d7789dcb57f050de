import jsonata from 'jsonata';

/** Guardrails for every JSONata evaluation, so a preview or a run cannot hang the process. */
export interface ExpressionLimits {
  /** Evaluation stops with D1012 after this long. */
  timeoutMs: number;
  /** Deepest evaluation stack (recursion), D1011 beyond. */
  maxDepth: number;
  /** Longest sequence an expression may build, D2015 beyond. */
  maxSequence: number;
}

export const DEFAULT_EXPRESSION_LIMITS: Readonly<ExpressionLimits> = {
  timeoutMs: 1_000,
  maxDepth: 500,
  maxSequence: 100_000,
};

/** A JSONata expression, parsed once. `evaluate` is async (jsonata 2.x). */
export type JsonataExpression = jsonata.Expression;

/**
 * Parses a JSONata expression once, with the guardrails on. A syntax error comes back as a message
 * with the parser's position and code: `Expected ")", got "(end)" at position 12 (S0203)`.
 */
export function compileExpression(
  text: string,
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
): { ok: true; expression: JsonataExpression } | { ok: false; message: string } {
  try {
    const expression = jsonata(text, {
      timeout: limits.timeoutMs,
      stack: limits.maxDepth,
      sequence: limits.maxSequence,
    });
    return { ok: true, expression };
  } catch (error) {
    return { ok: false, message: expressionErrorMessage(error) };
  }
}

/** JSONata throws plain objects `{ code, position, token, message }`; this names all of them. */
export function expressionErrorMessage(error: unknown): string {
  if (error === null || typeof error !== 'object') return String(error);
  const { message, position, code } = error as { message?: unknown; position?: unknown; code?: unknown };
  let text = typeof message === 'string' && message !== '' ? message : 'failed';
  if (typeof position === 'number') text += ` at position ${position}`;
  if (typeof code === 'string') text += ` (${code})`;
  return text;
}
