import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import { nestedProperties } from './instance-hydrator';

// class-validator's executor rebuilds its view of a class on every call (metadata lookup across
// every registered class, grouping, filtering, one error object per property) and that, not the
// checks themselves, is most of its cost. Events are validated on every publish and every consume,
// so the hub compiles each class's metadata once into a plan that runs the very same constraint
// functions directly and only answers "valid or not". When the answer is "not", the caller runs
// class-validator proper to get its error messages; class-validator stays the source of truth.

type Constructor = new () => object;

interface Check {
  validate(value: unknown, args: ValidationArguments): unknown;
  each: boolean;
  args: ValidationArguments;
}

interface CompiledProperty {
  key: string;
  conditions: ((object: object, value: unknown) => boolean)[];
  checks: Check[];
  nested: Constructor | undefined;
}

interface CompiledClass {
  allowedKeys: ReadonlySet<string>;
  properties: CompiledProperty[];
}

const compiled = new WeakMap<Constructor, CompiledClass | null>();

function compile(type: Constructor): CompiledClass | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(type, '', false, false);
  if (metadatas.length === 0) return null;
  const nestedTypes = new Map(nestedProperties(type).map((nested) => [nested.key, nested.type]));
  const byProperty = new Map<string, CompiledProperty>();
  for (const metadata of metadatas) {
    let property = byProperty.get(metadata.propertyName);
    if (!property) {
      property = { key: metadata.propertyName, conditions: [], checks: [], nested: undefined };
      byProperty.set(metadata.propertyName, property);
    }
    switch (metadata.type) {
      case ValidationTypes.CONDITIONAL_VALIDATION:
        property.conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
        break;
      case ValidationTypes.NESTED_VALIDATION:
        property.nested = nestedTypes.get(metadata.propertyName);
        break;
      case ValidationTypes.WHITELIST:
        break;
      case ValidationTypes.CUSTOM_VALIDATION:
      case ValidationTypes.IS_DEFINED:
        for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
          if (constraint.async) return null;
          const instance = constraint.instance as { validate: Check['validate'] };
          property.checks.push({
            validate: instance.validate.bind(instance),
            each: metadata.each,
            args: {
              targetName: type.name,
              property: metadata.propertyName,
              object: {},
              value: undefined,
              constraints: metadata.constraints,
            },
          });
        }
        break;
      default:
        // Promise validation, schema-based rules: not compiled; class-validator handles the class.
        return null;
    }
  }
  return { allowedKeys: new Set(byProperty.keys()), properties: [...byProperty.values()] };
}

function planFor(type: Constructor): CompiledClass | null {
  let plan = compiled.get(type);
  if (plan === undefined) {
    plan = compile(type);
    compiled.set(type, plan);
  }
  return plan;
}

function runCheck(check: Check, object: object, value: unknown): boolean {
  check.args.object = object;
  check.args.value = value;
  if (check.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) {
    for (const element of value instanceof Map ? value.values() : value) {
      if (!check.validate(element, check.args)) return false;
    }
    return true;
  }
  return Boolean(check.validate(value, check.args));
}

function nestedValid(type: Constructor, value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const element of value) {
      if (typeof element !== 'object' || element === null || Array.isArray(element)) return false;
      if (isValidAs(type, element as Record<string, unknown>, true) !== true) return false;
    }
    return true;
  }
  if (typeof value === 'object' && value !== null)
    return isValidAs(type, value as Record<string, unknown>, true) === true;
  return false;
}

/**
 * Whether `object` satisfies `type`'s class-validator rules (with whitelist + forbidNonWhitelisted
 * when `whitelist` is true). `undefined` when the class uses a feature the compiler does not
 * cover: ask class-validator.
 */
export function isValidAs(
  type: Constructor,
  object: Record<string, unknown>,
  whitelist: boolean,
): boolean | undefined {
  const plan = planFor(type);
  if (!plan) return undefined;
  if (whitelist) {
    for (const key in object) {
      if (!plan.allowedKeys.has(key)) return false;
    }
  }
  for (const property of plan.properties) {
    const value = object[property.key];
    let applies = true;
    for (const condition of property.conditions) {
      if (!condition(object, value)) {
        applies = false;
        break;
      }
    }
    if (!applies) continue;
    for (const check of property.checks) {
      if (!runCheck(check, object, value)) return false;
    }
    if (property.nested && value !== undefined && !nestedValid(property.nested, value)) return false;
  }
  return true;
}
