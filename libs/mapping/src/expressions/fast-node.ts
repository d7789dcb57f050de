/**
 * The pieces every part of the fast JSONata subset shares (see fast-expression.ts): the
 * "ask JSONata" answer, the compiled node's shape, and the AST nodes it reads.
 */

/** "Ask JSONata": the fast path met a case whose meaning it does not reproduce. */
export const UNDECIDED = Symbol('undecided');
export type Undecided = typeof UNDECIDED;

/** The values of the lambda parameters while a body runs, by name without the `$`. */
export type Variables = Readonly<Record<string, unknown>>;

/** A compiled node: its value for a context, or {@link UNDECIDED}. Never throws, never awaits. */
export type FastNode = (context: unknown, variables: Variables) => unknown;

/** What a node is compiled within. */
export interface CompileScope {
  /** The lambda parameters visible there. */
  readonly bound: ReadonlySet<string>;
  /** JSONata's limit on the length of a sequence (D2015 beyond): a longer one is left to JSONata. */
  readonly maxSequence: number;
}

/** Compiles a child node. */
export type CompileNode = (ast: AstNode, scope: CompileScope) => FastNode | undefined;

/** The JSONata AST nodes the subset reads (jsonata's own typing of its AST is loose). */
export interface AstNode {
  type: string;
  value?: unknown;
  steps?: AstNode[];
  lhs?: AstNode;
  rhs?: AstNode;
  arguments?: AstNode[];
  procedure?: AstNode;
  expressions?: AstNode[];
  condition?: AstNode;
  then?: AstNode;
  else?: AstNode;
  body?: AstNode;
  [other: string]: unknown;
}

/**
 * Whether a node carries only these keys (and its position). JSONata's parser adds keys for
 * predicates, grouping, focus and tuple bindings, keep-array marks and signatures: none of them
 * is in the subset, so a node with any of them is left to JSONata. (The parser leaves some keys
 * there undefined, such as a function call's `name`.)
 */
export function only(ast: AstNode, ...keys: string[]): boolean {
  for (const [key, value] of Object.entries(ast))
    if (value !== undefined && key !== 'position' && !keys.includes(key)) return false;
  return true;
}

/**
 * What JSONata makes of a sequence it built when it leaves an expression: nothing for an empty
 * one, the item itself for a single one, the list otherwise.
 */
export function sequenceValue(items: unknown[], maxSequence: number): unknown {
  if (items.length > maxSequence) return UNDECIDED;
  if (items.length === 0) return undefined;
  return items.length === 1 ? items[0] : items;
}
