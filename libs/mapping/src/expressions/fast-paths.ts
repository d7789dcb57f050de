import {
  only,
  sequenceValue,
  UNDECIDED,
  type AstNode,
  type CompileNode,
  type CompileScope,
  type FastNode,
  type Variables,
} from './fast-node';
import { ownProperty } from './jsonata-values';

/** One step of a path: a property read, or (last step only) a block evaluated on each item. */
type Step = { name: string } | { block: FastNode };

/**
 * Paths of property names (`event.data.labels.team`), optionally ending in a block that is
 * evaluated on each item (`links.('- ' & href)`), with JSONata's sequence rules: a path maps over
 * the lists it meets and flattens them; a list read by the last step is kept whole; an empty
 * result is nothing and a single one is the item itself. Lists of lists, a list as the context,
 * and blocks giving lists are left to JSONata.
 */
export function compilePath(ast: AstNode, scope: CompileScope, compile: CompileNode): FastNode | undefined {
  if (!only(ast, 'type', 'steps') || !ast.steps?.length) return undefined;
  const steps: Step[] = [];
  for (const [index, step] of ast.steps.entries()) {
    if (step.type === 'name' && typeof step.value === 'string' && only(step, 'type', 'value')) {
      steps.push({ name: step.value });
      continue;
    }
    // A block step maps over items; as the first step it would be a plain block (not a path).
    if (step.type !== 'block' || index === 0 || index !== ast.steps.length - 1) return undefined;
    const block = compile(step, scope);
    if (!block) return undefined;
    steps.push({ block });
  }
  return (context, variables) => {
    // A list as the context: JSONata maps the whole path over it.
    if (Array.isArray(context)) return UNDECIDED;
    let value: unknown = context;
    // One item at a time until a list turns up (by far the common case: no allocation).
    for (let index = 0; index < steps.length; index++) {
      const next = applyStep(steps[index]!, value, variables);
      if (next === UNDECIDED || next === undefined) return next;
      if (!Array.isArray(next)) {
        value = next;
        continue;
      }
      if (index === steps.length - 1) return next; // a list read by the last step stays whole
      return overSequence(steps, index + 1, next, variables, scope.maxSequence);
    }
    return value;
  };
}

/** The rest of a path once it has met a list: every step maps over the items, flattening lists. */
function overSequence(
  steps: readonly Step[],
  from: number,
  items: readonly unknown[],
  variables: Variables,
  maxSequence: number,
): unknown {
  let sequence = items;
  for (let index = from; index < steps.length; index++) {
    const results: unknown[] = [];
    for (const item of sequence) {
      // An item that is itself a list: JSONata would map into it as well.
      if (Array.isArray(item)) return UNDECIDED;
      const value = applyStep(steps[index]!, item, variables);
      if (value === UNDECIDED) return UNDECIDED;
      if (value !== undefined) results.push(value);
    }
    if (index === steps.length - 1 && results.length === 1 && Array.isArray(results[0])) return results[0];
    sequence = results.flat(1);
    if (sequence.length === 0) return undefined;
    if (sequence.length > maxSequence) return UNDECIDED;
  }
  return sequenceValue(sequence as unknown[], maxSequence);
}

function applyStep(step: Step, item: unknown, variables: Variables): unknown {
  // On a list, JSONata maps the name over its items: left to the sequence rules above.
  if ('name' in step) return Array.isArray(item) ? UNDECIDED : ownProperty(item, step.name);
  const value = step.block(item, variables);
  // A block building a list: JSONata keeps constructed lists unflattened, a rule not reproduced here.
  return Array.isArray(value) ? UNDECIDED : value;
}
