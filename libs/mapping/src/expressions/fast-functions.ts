import {
  only,
  sequenceValue,
  UNDECIDED,
  type AstNode,
  type CompileNode,
  type CompileScope,
  type FastNode,
} from './fast-node';
import { jsonataBoolean, jsonataText, ownProperty } from './jsonata-values';

type Builtin = (args: readonly FastNode[], scope: CompileScope) => FastNode;

/**
 * The built-in functions flows and mappings mostly call, with JSONata's meaning and argument
 * rules: `$exists`, `$not`, `$boolean`, `$string`, `$count`, `$keys`, `$lookup`, `$join`, and
 * `$each` with a literal `function($v, $k) { … }`. An argument JSONata would reject (a list where
 * it wants an object, a number where it wants text) is left to JSONata, which names the error.
 */
export function compileCall(ast: AstNode, scope: CompileScope, compile: CompileNode): FastNode | undefined {
  if (!only(ast, 'type', 'value', 'arguments', 'procedure') || ast.value !== '(') return undefined;
  const procedure = ast.procedure;
  if (
    procedure?.type !== 'variable' ||
    typeof procedure.value !== 'string' ||
    !only(procedure, 'type', 'value')
  )
    return undefined;
  // A lambda parameter named like a built-in hides it.
  if (scope.bound.has(procedure.value)) return undefined;
  const argumentNodes = ast.arguments ?? [];
  if (procedure.value === 'each') return compileEach(argumentNodes, scope, compile);
  const builtin = Object.prototype.hasOwnProperty.call(BUILTINS, procedure.value)
    ? BUILTINS[procedure.value]
    : undefined;
  if (!builtin || !builtin.arity.includes(argumentNodes.length)) return undefined;
  const args: FastNode[] = [];
  for (const node of argumentNodes) {
    const compiled = compile(node, scope);
    if (!compiled) return undefined;
    args.push(compiled);
  }
  return builtin.build(args, scope);
}

/** A built-in of one argument: its value computed from the argument's. */
function unary(apply: (value: unknown, scope: CompileScope) => unknown): { arity: number[]; build: Builtin } {
  return {
    arity: [1],
    build:
      ([argument], scope) =>
      (context, variables) => {
        const value = argument!(context, variables);
        return value === UNDECIDED ? UNDECIDED : apply(value, scope);
      },
  };
}

const BUILTINS: Readonly<Record<string, { arity: number[]; build: Builtin }>> = {
  exists: unary((value) => value !== undefined),
  not: unary((value) => {
    const truth = jsonataBoolean(value);
    return truth === UNDECIDED || truth === undefined ? truth : !truth;
  }),
  boolean: unary(jsonataBoolean),
  string: unary(jsonataText),
  count: unary((value) => (value === undefined ? 0 : Array.isArray(value) ? value.length : 1)),
  keys: unary((value, scope) => sequenceValue(keysOf(value), scope.maxSequence)),
  lookup: {
    arity: [2],
    build:
      ([object, key], scope) =>
      (context, variables) => {
        const target = object!(context, variables);
        const name = key!(context, variables);
        if (target === UNDECIDED || name === UNDECIDED) return UNDECIDED;
        if (typeof name !== 'string') return UNDECIDED;
        if (!Array.isArray(target)) return ownProperty(target, name);
        const found: unknown[] = [];
        collect(target, name, found);
        return sequenceValue(found, scope.maxSequence);
      },
  },
  join: {
    arity: [1, 2],
    build:
      ([strings, separator]) =>
      (context, variables) => {
        const list = strings!(context, variables);
        const between = separator ? separator(context, variables) : '';
        if (list === UNDECIDED || typeof between !== 'string') return UNDECIDED;
        if (list === undefined || typeof list === 'string') return list;
        if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) return UNDECIDED;
        return list.join(between);
      },
  },
};

/**
 * `$each(object, function($value, $key, $object) { body })`: the body's values for each property,
 * in order, nothing dropped. The body sees the context `$each` was called in, as a JSONata lambda
 * sees the context it was defined in.
 */
function compileEach(
  nodes: readonly AstNode[],
  scope: CompileScope,
  compile: CompileNode,
): FastNode | undefined {
  const [objectNode, lambda] = nodes;
  if (
    nodes.length !== 2 ||
    lambda?.type !== 'lambda' ||
    !only(lambda, 'type', 'arguments', 'body') ||
    !lambda.body
  )
    return undefined;
  const parameters: string[] = [];
  for (const parameter of lambda.arguments ?? []) {
    if (
      parameter.type !== 'variable' ||
      typeof parameter.value !== 'string' ||
      !only(parameter, 'type', 'value')
    )
      return undefined;
    parameters.push(parameter.value);
  }
  if (parameters.length === 0 || parameters.length > 3) return undefined;
  const object = compile(objectNode!, scope);
  const body = compile(lambda.body, { ...scope, bound: new Set([...scope.bound, ...parameters]) });
  if (!object || !body) return undefined;
  const [valueName, keyName, objectName] = parameters as [string, string | undefined, string | undefined];
  return (context, variables) => {
    const target = object(context, variables);
    if (target === UNDECIDED) return UNDECIDED;
    if (target === undefined) return undefined;
    // JSONata wants an object here (T0410 for anything else).
    if (target === null || typeof target !== 'object' || Array.isArray(target)) return UNDECIDED;
    const results: unknown[] = [];
    // One scope for the whole call, its parameters set per property: the body runs synchronously
    // and keeps nothing of it (a nested $each copies it).
    const inner: Record<string, unknown> = { ...variables };
    if (objectName !== undefined) inner[objectName] = target;
    for (const [key, value] of Object.entries(target)) {
      inner[valueName] = value;
      if (keyName !== undefined) inner[keyName] = key;
      const result = body(context, inner);
      if (result === UNDECIDED) return UNDECIDED;
      if (result !== undefined) results.push(result);
    }
    return sequenceValue(results, scope.maxSequence);
  };
}

/**
 * `$keys`: an object's keys; for a list, every key of its items once, in JavaScript's property
 * order (integer-like keys first), as JSONata merges them.
 */
function keysOf(value: unknown): string[] {
  if (!Array.isArray(value)) return value !== null && typeof value === 'object' ? Object.keys(value) : [];
  const merged: Record<string, true> = Object.create(null) as Record<string, true>;
  for (const item of value) for (const key of keysOf(item)) merged[key] = true;
  return Object.keys(merged);
}

/** `$lookup` on a list: the property of every item (lists inside searched too), lists flattened. */
function collect(list: readonly unknown[], name: string, found: unknown[]): void {
  for (const item of list) {
    if (Array.isArray(item)) {
      collect(item, name, found);
      continue;
    }
    const value = ownProperty(item, name);
    if (Array.isArray(value)) for (const each of value) found.push(each);
    else if (value !== undefined) found.push(value);
  }
}
