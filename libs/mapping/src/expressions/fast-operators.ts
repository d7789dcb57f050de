import {
  only,
  UNDECIDED,
  type AstNode,
  type CompileNode,
  type CompileScope,
  type FastNode,
} from './fast-node';
import { holdsTruth, isFiniteNumber, isScalar, jsonataEqual, jsonataText } from './jsonata-values';

type Operator = (a: unknown, b: unknown) => unknown;

/**
 * Binary operators with JSONata's meaning: `=`, `!=`, `in`, `and`/`or` (short circuit), `&`,
 * comparisons and arithmetic. Whatever JSONata would answer with an error (a string compared with
 * a number, arithmetic on text) is left to it.
 */
export function compileBinary(ast: AstNode, scope: CompileScope, compile: CompileNode): FastNode | undefined {
  if (!only(ast, 'type', 'value', 'lhs', 'rhs') || !ast.lhs || !ast.rhs) return undefined;
  const lhs = compile(ast.lhs, scope);
  const rhs = compile(ast.rhs, scope);
  if (!lhs || !rhs) return undefined;
  if (ast.value === 'and' || ast.value === 'or') {
    const and = ast.value === 'and';
    return (context, variables) => {
      const left = holdsTruth(lhs(context, variables));
      if (left === UNDECIDED || (and ? !left : left)) return left;
      return holdsTruth(rhs(context, variables));
    };
  }
  const operator = typeof ast.value === 'string' ? OPERATORS[ast.value] : undefined;
  if (!operator) return undefined;
  return (context, variables) => {
    const a = lhs(context, variables);
    if (a === UNDECIDED) return UNDECIDED;
    const b = rhs(context, variables);
    return b === UNDECIDED ? UNDECIDED : operator(a, b);
  };
}

const OPERATORS: Readonly<Record<string, Operator>> = {
  '=': (a, b) => equal(a, b, true),
  '!=': (a, b) => equal(a, b, false),
  in: (a, b) => {
    if (a === undefined || b === undefined) return false;
    // JSONata tests identity: a list or object is "in" only the very same one, left to it.
    if (!isScalar(a)) return UNDECIDED;
    return Array.isArray(b) ? b.some((item) => item === a) : a === b;
  },
  '&': (a, b) => {
    const left = jsonataText(a);
    const right = jsonataText(b);
    if (left === UNDECIDED || right === UNDECIDED) return UNDECIDED;
    return (left ?? '') + (right ?? '');
  },
  '<': (a, b) => compare(a, b, (x, y) => x < y),
  '<=': (a, b) => compare(a, b, (x, y) => x <= y),
  '>': (a, b) => compare(a, b, (x, y) => x > y),
  '>=': (a, b) => compare(a, b, (x, y) => x >= y),
  '+': (a, b) => arithmetic(a, b, (x, y) => x + y),
  '-': (a, b) => arithmetic(a, b, (x, y) => x - y),
  '*': (a, b) => arithmetic(a, b, (x, y) => x * y),
  '/': (a, b) => arithmetic(a, b, (x, y) => x / y),
  '%': (a, b) => arithmetic(a, b, (x, y) => x % y),
};

function equal(a: unknown, b: unknown, same: boolean): unknown {
  if (a === undefined || b === undefined) return false; // an empty side compares false, both ways
  const equal = jsonataEqual(a, b);
  return equal === UNDECIDED ? UNDECIDED : equal === same;
}

/** Numbers with numbers, strings with strings; nothing on either side gives nothing. */
function compare(a: unknown, b: unknown, test: (x: number | string, y: number | string) => boolean): unknown {
  const comparable = (value: unknown) =>
    value === undefined || typeof value === 'string' || typeof value === 'number';
  if (!comparable(a) || !comparable(b)) return UNDECIDED;
  if (a === undefined || b === undefined) return undefined;
  if (typeof a !== typeof b) return UNDECIDED;
  return test(a as number | string, b as number | string);
}

function arithmetic(a: unknown, b: unknown, apply: (x: number, y: number) => number): unknown {
  if ((a !== undefined && !isFiniteNumber(a)) || (b !== undefined && !isFiniteNumber(b))) return UNDECIDED;
  if (a === undefined || b === undefined) return undefined;
  return apply(a, b);
}
