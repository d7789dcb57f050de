import { classTransformerStorage } from './class-transformer-storage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { FieldError } from '@switchboard/errors';

// class-transformer's plainToInstance walks every property through a generic, option-heavy path;
// validation only needs the nested objects to be instances of their classes (that is how
// class-validator finds their rules). This does just that, with the nested-property plan of each
// class computed once.

type Constructor = new () => object;

interface NestedProperty {
  key: string;
  type: Constructor;
}

const plans = new WeakMap<Constructor, NestedProperty[]>();

/** Own keys class-validator or the prototype machinery would misread if copied onto an instance. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor']);

/** The nested properties of `type` (`@ValidateNested` + `@Type`), computed once per class. */
export function nestedProperties(type: Constructor): NestedProperty[] {
  let plan = plans.get(type);
  if (plan) return plan;
  plan = [];
  const seen = new Set<string>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)) {
    if (metadata.type !== ValidationTypes.NESTED_VALIDATION || seen.has(metadata.propertyName)) continue;
    seen.add(metadata.propertyName);
    const typeMetadata = classTransformerStorage.findTypeMetadata(type, metadata.propertyName);
    if (!typeMetadata) {
      throw new Error(`${type.name}.${metadata.propertyName}: @ValidateNested needs @Type(() => Class)`);
    }
    plan.push({ key: metadata.propertyName, type: typeMetadata.typeFunction() as Constructor });
  }
  plans.set(type, plan);
  return plan;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A shallow instance of `type` carrying `plain`'s properties, nested objects turned into instances
 * of their declared classes. Values that are not objects are left as they are for the validator
 * to reject. `__proto__` and `constructor` keys are reported to `errors` and left out.
 */
export function hydrate(
  type: Constructor,
  plain: Record<string, unknown>,
  path: string,
  errors: FieldError[],
): object {
  const instance = Object.create(type.prototype as object) as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    if (UNSAFE_KEYS.has(key)) errors.push({ path: `${path}.${key}`, message: 'property is not allowed' });
    else instance[key] = plain[key];
  }
  for (const { key, type: nestedType } of nestedProperties(type)) {
    const value = instance[key];
    if (Array.isArray(value)) {
      instance[key] = value.map((element, index) =>
        isPlainObject(element) ? hydrate(nestedType, element, `${path}.${key}[${index}]`, errors) : element,
      );
    } else if (isPlainObject(value)) {
      instance[key] = hydrate(nestedType, value, `${path}.${key}`, errors);
    }
  }
  return instance;
}
