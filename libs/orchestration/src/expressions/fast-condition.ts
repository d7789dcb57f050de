/**
 * Plain JavaScript for the conditions flows are mostly made of (`event.type = '…'`,
 * `$exists(incident.ticket)`, `severity in config.severities`, `and`/`or`/`$not`), so a run does
 * not pay an asynchronous JSONata evaluation for each step's `when`: that was about a tenth of the
 * orchestrator's CPU per alert.
 *
 * Only a subset compiles (dotted name paths, string/number/boolean/null literals, `=`, `!=`,
 * `in`, `and`, `or`, `$exists`, `$not`), with JSONata's meaning. Anything else, and any value
 * where JSONata's sequence rules would matter (an array met on a path, an object compared),
 * answers {@link UNDECIDED} and the caller evaluates the condition with JSONata itself; a test
 * checks both agree on a corpus of conditions and contexts.
 */

/** "Ask JSONata": the fast path met a case whose meaning it does not reproduce. */
export const UNDECIDED = Symbol('undecided');

export type FastCondition = (context: unknown) => unknown;

/** The JSONata AST nodes the subset reads (jsonata's own typing of its AST is loose). */
export interface ConditionNode {
  type: string;
  value?: unknown;
  steps?: ConditionNode[];
  lhs?: ConditionNode;
  rhs?: ConditionNode;
  arguments?: ConditionNode[];
  procedure?: ConditionNode;
  [other: string]: unknown;
}

const STEP_KEYS = new Set(['type', 'value', 'position']);
const PATH_KEYS = new Set(['type', 'steps', 'position']);

/** Compiles a parsed condition to a function, or returns undefined when it is outside the subset. */
export function compileFastCondition(ast: ConditionNode): FastCondition | undefined {
  switch (ast.type) {
    case 'string':
    case 'number':
    case 'value': {
      const value = ast.value;
      return () => value;
    }
    case 'path':
      return compilePath(ast);
    case 'binary':
      return compileBinary(ast);
    case 'function':
      return compileFunction(ast);
    default:
      return undefined;
  }
}

function compilePath(ast: ConditionNode): FastCondition | undefined {
  if (!Object.keys(ast).every((key) => PATH_KEYS.has(key))) return undefined;
  const names: string[] = [];
  for (const step of ast.steps ?? []) {
    if (step.type !== 'name' || typeof step.value !== 'string') return undefined;
    if (!Object.keys(step).every((key) => STEP_KEYS.has(key))) return undefined;
    names.push(step.value);
  }
  if (names.length === 0) return undefined;
  return (context) => {
    let value: unknown = context;
    for (const name of names) {
      if (value === undefined) return undefined;
      // JSONata maps a path over arrays and flattens: its rules, not ours.
      if (Array.isArray(value)) return UNDECIDED;
      if (value === null || typeof value !== 'object') return undefined;
      if (!Object.prototype.hasOwnProperty.call(value, name))
        return name in Object.prototype ? UNDECIDED : undefined;
      value = (value as Record<string, unknown>)[name];
    }
    return value;
  };
}

function compileBinary(ast: ConditionNode): FastCondition | undefined {
  const lhs = ast.lhs && compileFastCondition(ast.lhs);
  const rhs = ast.rhs && compileFastCondition(ast.rhs);
  if (!lhs || !rhs) return undefined;
  switch (ast.value) {
    case '=':
    case '!=': {
      const equal = ast.value === '=';
      return (context) => {
        const [a, b] = [lhs(context), rhs(context)];
        if (a === UNDECIDED || b === UNDECIDED) return UNDECIDED;
        if (a === undefined || b === undefined) return false; // an empty side compares false
        if (!isScalar(a) || !isScalar(b)) return UNDECIDED;
        return equal ? a === b : a !== b;
      };
    }
    case 'in':
      return (context) => {
        const [a, b] = [lhs(context), rhs(context)];
        if (a === UNDECIDED || b === UNDECIDED) return UNDECIDED;
        if (a === undefined || b === undefined) return false;
        if (!isScalar(a)) return UNDECIDED;
        if (isScalar(b)) return a === b;
        if (Array.isArray(b) && b.every(isScalar)) return b.includes(a);
        return UNDECIDED;
      };
    case 'and':
    case 'or': {
      const and = ast.value === 'and';
      return (context) => {
        const left = truth(lhs(context));
        if (left === UNDECIDED) return UNDECIDED;
        if (and ? !left : left) return left; // short-circuits, as JSONata does
        return truth(rhs(context));
      };
    }
    default:
      return undefined;
  }
}

function compileFunction(ast: ConditionNode): FastCondition | undefined {
  const procedure = ast.procedure;
  if (procedure?.type !== 'variable' || ast.arguments?.length !== 1) return undefined;
  const argument = compileFastCondition(ast.arguments[0]!);
  if (!argument) return undefined;
  switch (procedure.value) {
    case 'exists':
      return (context) => {
        const value = argument(context);
        if (value === UNDECIDED || Array.isArray(value)) return UNDECIDED;
        return value !== undefined;
      };
    case 'not':
      return (context) => {
        const value = argument(context);
        if (value === undefined) return undefined; // $not of nothing is nothing
        const truthy = truth(value);
        return truthy === UNDECIDED ? UNDECIDED : !truthy;
      };
    default:
      return undefined;
  }
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** JSONata's boolean of a value (`$boolean`, nothing counting as false). */
function truth(value: unknown): boolean | typeof UNDECIDED {
  if (value === UNDECIDED || Array.isArray(value)) return UNDECIDED;
  if (value === undefined || value === null) return false;
  switch (typeof value) {
    case 'string':
      return value.length > 0;
    case 'number':
      return value !== 0;
    case 'boolean':
      return value;
    case 'object':
      return Object.keys(value).length > 0;
    default:
      return false;
  }
}
