import { validateAgainstClass } from '@switchboard/connector-sdk';
import { eventTypes } from '@switchboard/events';
import type { FieldError } from '@switchboard/errors';
import { DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from '../compiler/jsonata-expression';
import type { FieldPlan, MappingPlan } from '../compiler/mapping-plan';
import { MAX_FIELDS, MappingDefinition } from '../definition/mapping-definition';
import type { MappingCatalog, MappingShape } from '../schema/mapping-catalog';
import { closestName } from '../schema/closest-name';
import { checkFieldRule } from './field-rule-checks';
import { isPlainObject, prototypeKeyPath } from './json-value-safety';
import { checkTargetTree } from './target-tree';

/** The outcome of validating a definition: every error found, and the plan when there were none. */
export interface PlanResult {
  errors: FieldError[];
  plan?: MappingPlan;
}

/**
 * Validates a mapping definition and, when it is valid, plans it for the compilers. Errors are
 * path-qualified and all reported at once: structure (class-validator), the source and target
 * (known event type, shape or command), and per field the target path, the source paths (against
 * the source JSON Schema), value maps (gaps against a source enum, values against a target enum),
 * JSONata syntax, templates, overlapping targets and required target fields never set.
 */
export function planMapping(
  input: unknown,
  catalog: MappingCatalog,
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
): PlanResult {
  if (!isPlainObject(input)) return { errors: [{ path: 'definition', message: 'must be an object' }] };
  // Before class-transformer sees it: it would assign such keys, re-pointing prototypes.
  const polluting = prototypeKeyPath(input, 'definition');
  if (polluting)
    return {
      errors: [{ path: polluting.replace(/^definition\./, ''), message: 'is not allowed (prototype key)' }],
    };

  const errors: FieldError[] = [];
  const checked = validateAgainstClass(MappingDefinition, input, () => '');
  if (!checked.ok) errors.push(...checked.errors);
  const definition = input as unknown as MappingDefinition;
  const source = resolveSource(definition.source, catalog, errors);
  const target = resolveTarget(definition.target, catalog, errors);

  const fields: FieldPlan[] = [];
  if (isPlainObject(definition.fields)) {
    const entries = Object.entries(definition.fields);
    if (entries.length === 0) errors.push({ path: 'fields', message: 'must set at least one field' });
    if (entries.length > MAX_FIELDS)
      errors.push({ path: 'fields', message: `has more than ${MAX_FIELDS} fields` });
    else {
      const checked = entries.map(([key, rule]) =>
        checkFieldRule(key, rule, { source, target, limits }, errors),
      );
      for (const field of checked) if (field.plan) fields.push(field.plan);
      checkTargetTree(checked, target, errors);
    }
  }
  if (errors.length > 0) return { errors };
  return { errors, plan: { definition, source, target: target === 'free' ? undefined : target, fields } };
}

function resolveSource(
  spec: unknown,
  catalog: MappingCatalog,
  errors: FieldError[],
): MappingShape | undefined {
  if (!isPlainObject(spec)) return undefined;
  if (given(spec, ['event', 'shape']) !== 1) {
    errors.push({ path: 'source', message: 'give exactly one of event, shape' });
    return undefined;
  }
  if (typeof spec.event === 'string') {
    const shape = catalog.event(spec.event);
    if (!shape)
      errors.push({
        path: 'source.event',
        message: unknown('a registered event type', spec.event, eventTypes()),
      });
    return shape;
  }
  if (typeof spec.shape === 'string') {
    const shape = catalog.shape(spec.shape);
    if (!shape)
      errors.push({
        path: 'source.shape',
        message: unknown('a known shape', spec.shape, catalog.shapeNames(), true),
      });
    return shape;
  }
  return undefined;
}

function resolveTarget(
  spec: unknown,
  catalog: MappingCatalog,
  errors: FieldError[],
): MappingShape | 'free' | undefined {
  if (!isPlainObject(spec)) return undefined;
  if (given(spec, ['command', 'shape', 'free']) !== 1) {
    errors.push({ path: 'target', message: 'give exactly one of command, shape, free' });
    return undefined;
  }
  if (spec.free === true) return 'free';
  if (typeof spec.command === 'string') {
    const shape = catalog.command(spec.command);
    if (!shape)
      errors.push({
        path: 'target.command',
        message: unknown('a known command', spec.command, catalog.commandActions(), true),
      });
    return shape;
  }
  if (typeof spec.shape === 'string') {
    const shape = catalog.shape(spec.shape);
    if (!shape)
      errors.push({
        path: 'target.shape',
        message: unknown('a known shape', spec.shape, catalog.shapeNames(), true),
      });
    return shape;
  }
  return undefined;
}

function given(spec: Record<string, unknown>, keys: string[]): number {
  return keys.filter((key) => spec[key] !== undefined).length;
}

function unknown(what: string, name: string, known: string[], listAll = false): string {
  const hint = closestName(name, known);
  if (hint) return `is not ${what}: ${name} (did you mean ${hint}?)`;
  return listAll ? `is not ${what}: ${name} (known: ${known.join(', ')})` : `is not ${what}: ${name}`;
}
