import type { FieldError } from '@switchboard/errors';
import { formatPath, rulePath, type PathSegment } from '../paths/field-path';
import type { MappingShape } from '../schema/mapping-catalog';
import { requiredOf, resolveSchemaPath } from '../schema/schema-navigator';
import type { CheckedField } from './field-rule-checks';

interface TargetNode {
  segment: PathSegment | undefined;
  children: Map<string, TargetNode>;
  /** The `fields` key that sets this whole node. */
  leaf?: string;
}

/**
 * Checks the target paths together: no two rules write the same field, none writes inside a field
 * another sets whole, no object is also used as a list, and every field the target requires (at
 * the top and inside each object the rules build) is set by some rule.
 */
export function checkTargetTree(
  fields: readonly CheckedField[],
  target: MappingShape | 'free' | undefined,
  errors: FieldError[],
): void {
  const root = node(undefined);
  for (const field of fields) if (field.target && field.target.length > 0) insert(root, field, errors);
  if (target && target !== 'free') checkRequired(root, [], target, errors);
}

function insert(root: TargetNode, field: CheckedField, errors: FieldError[]): void {
  const segments = field.target!;
  const fail = (message: string) => errors.push({ path: rulePath(field.key), message });
  let current = root;
  for (let i = 0; i < segments.length; i++) {
    if (current.leaf !== undefined)
      return void fail(
        `overlaps ${rulePath(current.leaf)}, which sets the whole ${formatPath(segments.slice(0, i))}`,
      );
    const segment = segments[i]!;
    const id = idOf(segment);
    const mixed = [...current.children.values()].some((child) => typeof child.segment !== typeof segment);
    if (mixed)
      return void fail(
        `uses ${formatPath(segments.slice(0, i)) || 'the output'} both as a list and as an object`,
      );
    let child = current.children.get(id);
    if (!child) {
      child = node(segment);
      current.children.set(id, child);
    }
    current = child;
  }
  if (current.leaf !== undefined) return void fail(`sets the same field as ${rulePath(current.leaf)}`);
  if (current.children.size > 0)
    return void fail(
      `sets the whole ${formatPath(segments)}, which ${rulePath(firstLeaf(current)!)} sets in part`,
    );
  current.leaf = field.key;
}

function checkRequired(
  current: TargetNode,
  prefix: PathSegment[],
  target: MappingShape,
  errors: FieldError[],
): void {
  if (current.leaf !== undefined) return;
  const resolved = resolveSchemaPath(target.schema, prefix, target.label);
  if (!resolved.ok) return;
  for (const name of requiredOf(resolved.node))
    if (!current.children.has(idOf(name)))
      errors.push({
        path: rulePath(formatPath([...prefix, name])),
        message: `is required by ${prefix.length === 0 ? target.label : formatPath(prefix)} and never set`,
      });
  for (const child of current.children.values())
    checkRequired(child, [...prefix, child.segment!], target, errors);
}

function firstLeaf(current: TargetNode): string | undefined {
  if (current.leaf !== undefined) return current.leaf;
  for (const child of current.children.values()) {
    const leaf = firstLeaf(child);
    if (leaf !== undefined) return leaf;
  }
  return undefined;
}

function node(segment: PathSegment | undefined): TargetNode {
  return { segment, children: new Map() };
}

function idOf(segment: PathSegment): string {
  return typeof segment === 'number' ? `#${segment}` : `.${segment}`;
}
