import { validateAgainstClass } from '@switchboard/connector-sdk';
import type { FieldError } from '@switchboard/errors';
import { compileExpression, type ExpressionLimits } from '../compiler/jsonata-expression';
import type { FieldPlan } from '../compiler/mapping-plan';
import { parseTemplate } from '../compiler/template';
import {
  FieldRuleSpec,
  MAX_MAP_ENTRIES,
  type FieldRuleKind,
  type JsonValue,
} from '../definition/mapping-definition';
import { formatPath, parsePath, rulePath, type PathSegment } from '../paths/field-path';
import type { MappingShape } from '../schema/mapping-catalog';
import {
  article,
  enumOf,
  resolveSchemaPath,
  typeFits,
  typesOf,
  valueProblem,
  type SchemaNode,
} from '../schema/schema-navigator';
import { isPlainObject } from './json-value-safety';

/** What a rule is checked against. */
export interface RuleContext {
  /** Undefined when the source could not be resolved (already reported): paths go unchecked. */
  source: MappingShape | undefined;
  /** `free`: no target checks; undefined: unresolved (already reported). */
  target: MappingShape | 'free' | undefined;
  limits: ExpressionLimits;
}

/** A checked `fields` entry: its parsed target path (for the tree checks) and, when valid, its plan. */
export interface CheckedField {
  key: string;
  target: PathSegment[] | undefined;
  plan: FieldPlan | undefined;
}

const KINDS = ['from', 'const', 'expr', 'template'] as const;

/** Checks one `fields` entry, appending what is wrong to `errors`. */
export function checkFieldRule(
  key: string,
  rule: unknown,
  context: RuleContext,
  errors: FieldError[],
): CheckedField {
  const before = errors.length;
  const errorPath = rulePath(key);
  const at = (...more: string[]) => rulePath(key, ...more);
  const parsedTarget = parsePath(key);
  const target = parsedTarget.ok ? parsedTarget.segments : undefined;
  let targetNode: SchemaNode | undefined;
  if (!parsedTarget.ok)
    errors.push({ path: errorPath, message: `is not a valid target path: ${parsedTarget.message}` });
  else if (context.target && context.target !== 'free') {
    const resolved = resolveSchemaPath(context.target.schema, parsedTarget.segments, context.target.label);
    if (resolved.ok) targetNode = resolved.node;
    else errors.push({ path: errorPath, message: `unknown target field: ${resolved.message}` });
  }
  const checked: CheckedField = { key, target, plan: undefined };

  if (!isPlainObject(rule)) {
    errors.push({ path: errorPath, message: 'must be an object such as { "from": "data.title" }' });
    return checked;
  }
  const shape = validateAgainstClass(FieldRuleSpec, rule, () => errorPath);
  if (!shape.ok) {
    errors.push(...shape.errors);
    return checked;
  }
  const given = KINDS.filter((kind) => Object.hasOwn(rule, kind));
  if (given.length !== 1) {
    errors.push({
      path: errorPath,
      message:
        given.length === 0
          ? 'needs one of from, const, expr, template'
          : `give exactly one of from, const, expr, template, not ${given.join(' and ')}`,
    });
    return checked;
  }
  const kind: FieldRuleKind = given[0] === 'from' && rule.map !== undefined ? 'map' : given[0]!;
  const hasDefault = Object.hasOwn(rule, 'default');
  const targetName = target ? formatPath(target) : key;
  const fits = (value: unknown, path: string) => {
    const problem = targetNode && valueProblem(value, targetNode, targetName);
    if (problem) errors.push({ path, message: problem });
  };

  if (rule.map !== undefined && given[0] !== 'from')
    errors.push({ path: at('map'), message: 'needs from: a value map maps the value that from reads' });
  if (hasDefault && (kind === 'const' || kind === 'template'))
    errors.push({ path: at('default'), message: `is never used: a ${kind} always gives a value` });
  else if (hasDefault) fits(rule.default, at('default'));

  const plan: FieldPlan = {
    key,
    errorPath,
    target: target ?? [],
    kind,
    hasDefault,
    default: rule.default as JsonValue | undefined,
    required: rule.required === true,
  };
  const spec = rule as FieldRuleSpec;
  switch (kind) {
    case 'from':
    case 'map': {
      const source = sourcePath(spec.from!, at('from'), context.source, errors);
      if (!source) break;
      plan.from = source.segments;
      plan.fromText = spec.from;
      if (kind === 'map') plan.map = checkValueMap(spec, source.node, at, fits, errors);
      else if (source.node && targetNode)
        checkCompatible(spec.from!, source.node, targetName, targetNode, at('from'), errors);
      break;
    }
    case 'const':
      fits(spec.const, at('const'));
      plan.value = spec.const;
      break;
    case 'expr': {
      const compiled = compileExpression(spec.expr!, context.limits);
      if (compiled.ok) plan.expression = compiled.expression;
      else errors.push({ path: at('expr'), message: `is not valid JSONata: ${compiled.message}` });
      break;
    }
    case 'template': {
      const parsed = parseTemplate(spec.template!);
      if (!parsed.ok) {
        errors.push({ path: at('template'), message: parsed.message });
        break;
      }
      plan.template = parsed.parts;
      for (const part of parsed.parts)
        if ('path' in part && context.source) {
          const resolved = resolveSchemaPath(context.source.schema, part.path, context.source.label);
          if (!resolved.ok)
            errors.push({
              path: at('template'),
              message: `unknown source field in {{${part.source}}}: ${resolved.message}`,
            });
        }
      const types = targetNode && typesOf(targetNode);
      if (types && !types.includes('string'))
        errors.push({
          path: at('template'),
          message: `gives text; ${targetName} takes ${types.map(article).join(' or ')}`,
        });
      break;
    }
  }
  if (errors.length === before && target) checked.plan = plan;
  return checked;
}

function sourcePath(
  text: string,
  path: string,
  source: MappingShape | undefined,
  errors: FieldError[],
): { segments: PathSegment[]; node: SchemaNode | undefined } | undefined {
  const parsed = parsePath(text);
  if (!parsed.ok) {
    errors.push({ path, message: `is not a valid path: ${parsed.message}` });
    return undefined;
  }
  if (!source) return { segments: parsed.segments, node: undefined };
  const resolved = resolveSchemaPath(source.schema, parsed.segments, source.label);
  if (!resolved.ok) {
    errors.push({ path, message: `unknown source field: ${resolved.message}` });
    return undefined;
  }
  return { segments: parsed.segments, node: resolved.node };
}

function checkValueMap(
  rule: FieldRuleSpec,
  sourceNode: SchemaNode | undefined,
  at: (...more: string[]) => string,
  fits: (value: unknown, path: string) => void,
  errors: FieldError[],
): Map<string, JsonValue> {
  const entries = Object.entries(rule.map!);
  if (entries.length === 0) errors.push({ path: at('map'), message: 'must map at least one value' });
  if (entries.length > MAX_MAP_ENTRIES)
    errors.push({ path: at('map'), message: `has more than ${MAX_MAP_ENTRIES} entries` });
  for (const [key, value] of entries) fits(value, mapKeyPath(at('map'), key));
  const sourceValues = sourceNode && enumOf(sourceNode)?.map(String);
  if (sourceValues) {
    const missing = sourceValues.filter((value) => !Object.hasOwn(rule.map!, value));
    if (missing.length > 0 && !Object.hasOwn(rule, 'default'))
      errors.push({
        path: at('map'),
        message: `does not map ${missing.join(', ')}; add ${missing.length === 1 ? 'it' : 'them'} or a default`,
      });
    for (const [key] of entries)
      if (!sourceValues.includes(key))
        errors.push({
          path: mapKeyPath(at('map'), key),
          message: `${rule.from} is never ${JSON.stringify(key)} (it is one of ${sourceValues.join(', ')})`,
        });
  }
  return new Map(entries);
}

/** A `from` without a value map copies the value: it must be one the target takes. */
function checkCompatible(
  fromText: string,
  sourceNode: SchemaNode,
  targetName: string,
  targetNode: SchemaNode,
  path: string,
  errors: FieldError[],
): void {
  const sourceValues = enumOf(sourceNode);
  const targetValues = enumOf(targetNode);
  if (sourceValues && targetValues) {
    const allowed = new Set(targetValues.map((value) => JSON.stringify(value)));
    const extra = sourceValues.filter((value) => !allowed.has(JSON.stringify(value)));
    if (extra.length > 0)
      errors.push({
        path,
        message:
          `${fromText} can be ${extra.map(String).join(', ')}, which ${targetName} does not allow ` +
          `(one of ${targetValues.map(String).join(', ')}); add a value map`,
      });
    return;
  }
  const sourceTypes = typesOf(sourceNode);
  const targetTypes = typesOf(targetNode);
  if (sourceTypes && targetTypes && !sourceTypes.some((type) => typeFits(type, targetTypes)))
    errors.push({
      path,
      message: `${fromText} is ${sourceTypes.map(article).join(' or ')}; ${targetName} takes ${targetTypes.map(article).join(' or ')}`,
    });
}

function mapKeyPath(base: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}
