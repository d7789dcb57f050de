import { DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from '../compiler/jsonata-expression';
import { compileCall } from './fast-functions';
import { only, UNDECIDED, type AstNode, type CompileScope, type FastNode, type Variables } from './fast-node';
import { compileBinary } from './fast-operators';
import { compilePath } from './fast-paths';
import { holdsTruth } from './jsonata-values';

/**
 * Plain, synchronous JavaScript for the JSONata that flow conditions and mapping fields are mostly
 * made of, so a run does not pay jsonata's asynchronous interpreter (a promise per node) for
 * `event.type = '…'`, a ticket title or a markdown description: that was a tenth of the
 * orchestrator's CPU per alert for conditions, and another few percent for the alert-to-ticket
 * title and description.
 *
 * The subset: literals, paths of names (ending, optionally, in a block mapped over the items),
 * `$` and lambda parameters, `( … )` blocks, `? :`, list constructors `[ … ]`, the operators of
 * fast-operators.ts and the functions of fast-functions.ts, all with JSONata's meaning.
 * An expression with anything else does not compile ({@link compileFastExpression} answers
 * undefined) and is evaluated by JSONata. A compiled one answers {@link UNDECIDED} for a value
 * where JSONata's rules would go beyond what is reproduced here (a list of lists on a path, a
 * list compared with an object, an argument JSONata rejects with an error) and the caller asks
 * JSONata; a test checks both agree on a corpus of expressions and contexts.
 */
export type FastExpression = (context: unknown) => unknown;

export { UNDECIDED } from './fast-node';

const NO_VARIABLES: Variables = Object.freeze({});

/**
 * Compiles a parsed expression (`expression.ast()`), or answers undefined when it is outside the
 * subset or nested so deep that JSONata's evaluation depth limit could matter.
 */
export function compileFastExpression(
  ast: unknown,
  limits: Pick<ExpressionLimits, 'maxDepth' | 'maxSequence'> = DEFAULT_EXPRESSION_LIMITS,
): FastExpression | undefined {
  // JSONata's evaluation depth grows by about one per level of the tree in this subset (nothing
  // recurses); keep well inside its limit rather than reproduce its count.
  if (treeDepth(ast, limits.maxDepth) * 2 + 8 > limits.maxDepth) return undefined;
  const node = compileNode(ast as AstNode, { bound: new Set(), maxSequence: limits.maxSequence });
  return node && ((context) => node(context, NO_VARIABLES));
}

/** How deeply a parsed expression nests (counting stops past `cap`). */
function treeDepth(node: unknown, cap: number, depth = 0): number {
  if (depth > cap || node === null || typeof node !== 'object') return depth;
  let deepest = depth;
  for (const child of Object.values(node)) deepest = Math.max(deepest, treeDepth(child, cap, depth + 1));
  return deepest;
}

function compileNode(ast: AstNode, scope: CompileScope): FastNode | undefined {
  switch (ast.type) {
    case 'string':
    case 'number':
    case 'value': {
      if (!only(ast, 'type', 'value')) return undefined;
      const value = ast.value;
      return () => value;
    }
    case 'variable':
      return compileVariable(ast, scope);
    case 'path':
      return compilePath(ast, scope, compileNode);
    case 'binary':
      return compileBinary(ast, scope, compileNode);
    case 'function':
      return compileCall(ast, scope, compileNode);
    case 'condition':
      return compileCondition(ast, scope);
    case 'block':
      return compileBlock(ast, scope);
    case 'unary':
      return ast.value === '[' ? compileList(ast, scope) : undefined;
    case 'lambda':
      return compileThunk(ast, scope);
    default:
      return undefined;
  }
}

/** `$` (the context) and the parameters of an enclosing lambda; any other variable is JSONata's. */
function compileVariable(ast: AstNode, scope: CompileScope): FastNode | undefined {
  if (!only(ast, 'type', 'value') || typeof ast.value !== 'string') return undefined;
  const name = ast.value;
  if (name === '') return (context) => context;
  return scope.bound.has(name) ? (_context, variables) => variables[name] : undefined;
}

function compileCondition(ast: AstNode, scope: CompileScope): FastNode | undefined {
  if (!only(ast, 'type', 'condition', 'then', 'else') || !ast.condition || !ast.then) return undefined;
  const test = compileNode(ast.condition, scope);
  const then = compileNode(ast.then, scope);
  const otherwise = ast.else && compileNode(ast.else, scope);
  if (!test || !then || (ast.else && !otherwise)) return undefined;
  return (context, variables) => {
    const truth = holdsTruth(test(context, variables));
    if (truth === UNDECIDED) return UNDECIDED;
    if (truth) return then(context, variables);
    return otherwise ? otherwise(context, variables) : undefined;
  };
}

/**
 * JSONata's parser wraps a function call in a lambda's tail position into a thunk (for tail-call
 * optimisation); applying the lambda evaluates it, so it compiles to the call itself. Any other
 * lambda used as a value is outside the subset.
 */
function compileThunk(ast: AstNode, scope: CompileScope): FastNode | undefined {
  if (
    ast.thunk !== true ||
    !only(ast, 'type', 'thunk', 'arguments', 'body') ||
    ast.arguments?.length ||
    !ast.body
  )
    return undefined;
  return compileNode(ast.body, scope);
}

/** `(a; b; c)`: the last expression's value (variable bindings, `:=`, are outside the subset). */
function compileBlock(ast: AstNode, scope: CompileScope): FastNode | undefined {
  if (!only(ast, 'type', 'expressions')) return undefined;
  const expressions: FastNode[] = [];
  for (const expression of ast.expressions ?? []) {
    const compiled = compileNode(expression, scope);
    if (!compiled) return undefined;
    expressions.push(compiled);
  }
  return (context, variables) => {
    let value: unknown;
    // Every expression runs: one JSONata would fail on fails the block.
    for (const expression of expressions) {
      value = expression(context, variables);
      if (value === UNDECIDED) return UNDECIDED;
    }
    return value;
  };
}

/**
 * `[a, b, [c]]`: items that are nothing are dropped, lists are spliced in, a nested constructor
 * stays one item. The result is a list even with one item.
 */
function compileList(ast: AstNode, scope: CompileScope): FastNode | undefined {
  if (!only(ast, 'type', 'value', 'expressions')) return undefined;
  const items: { node: FastNode; nested: boolean }[] = [];
  for (const expression of ast.expressions ?? []) {
    const node = compileNode(expression, scope);
    if (!node) return undefined;
    items.push({ node, nested: expression.type === 'unary' && expression.value === '[' });
  }
  return (context, variables) => {
    const list: unknown[] = [];
    for (const { node, nested } of items) {
      const value = node(context, variables);
      if (value === UNDECIDED) return UNDECIDED;
      if (value === undefined) continue;
      if (Array.isArray(value) && !nested) for (const item of value) list.push(item);
      else list.push(value);
      if (list.length > scope.maxSequence) return UNDECIDED;
    }
    return list;
  };
}
