import { classTransformerStorage } from '../validation/class-transformer-storage';
import { EQUALS, getMetadataStorage, IS_ISO8601, MIN } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { validationMetadataArrayToSchemas } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import { IS_PRESENT, IS_RECORD, type RecordOptions } from '../schemas/validation.decorators';
import { nestedProperties } from '../validation/instance-hydrator';

/** A JSON Schema (2020-12) object. */
export type JsonSchema = { [keyword: string]: unknown };

type Constructor = new () => object;

export const DEFS_POINTER = '#/$defs/';

// class-validator-jsonschema's defaults, adjusted to match what class-validator actually checks.
const CONVERTERS: ISchemaConverters = {
  // Its `type: number` would widen an `@IsInt()` on the same property.
  [MIN]: (meta) => ({ minimum: meta.constraints[0] as number }),
  // Only ever used through @IsTimestamp, which also carries the RFC 3339 pattern.
  [IS_ISO8601]: { type: 'string', format: 'date-time' },
  [EQUALS]: (meta) => ({ type: 'string', const: meta.constraints[0] as string }),
  [IS_PRESENT]: {},
  [IS_RECORD]: (meta) => {
    const options = meta.constraints[0] as RecordOptions;
    const schema: JsonSchema = { type: 'object' };
    if (options.keyPattern) schema.propertyNames = { pattern: options.keyPattern.source };
    if (options.stringValues) schema.additionalProperties = { type: 'string' };
    return schema;
  },
};

/** `type` and every class reachable from it through nested properties or inheritance. */
function reachableClasses(roots: Constructor[]): Constructor[] {
  const found = new Set<Constructor>();
  const visit = (type: Constructor): void => {
    if (found.has(type)) return;
    found.add(type);
    const base = Object.getPrototypeOf(type) as Constructor | null;
    if (base && base !== Function.prototype) visit(base);
    for (const nested of nestedProperties(type)) visit(nested.type);
  };
  roots.forEach(visit);
  return [...found];
}

/** Own metadata of `type`, custom constraints named after their validator (as the converters expect). */
function ownMetadatas(type: Constructor): ValidationMetadata[] {
  const storage = getMetadataStorage();
  return storage
    .getTargetValidationMetadatas(type, '', true, false)
    .filter((metadata) => metadata.target === type)
    .map((metadata) => {
      const constraint = metadata.constraintCls
        ? storage.getTargetValidatorConstraints(metadata.constraintCls)[0]
        : undefined;
      return { ...metadata, type: constraint?.name ?? metadata.type } as ValidationMetadata;
    });
}

/**
 * JSON Schemas of `roots` and every class they reach, keyed by class name, in draft 2020-12 form:
 * `$ref`s point into `#/$defs/`, and every class forbids unknown properties, as validation does
 * (whitelist + forbidNonWhitelisted).
 */
export function classSchemas(roots: Constructor[]): Record<string, JsonSchema> {
  const classes = reachableClasses(roots);
  const names = new Map<string, Constructor>();
  for (const type of classes) {
    const clash = names.get(type.name);
    if (clash && clash !== type)
      throw new Error(`Two schema classes are named ${type.name}; JSON Schema $defs need unique names`);
    names.set(type.name, type);
  }
  const schemas = validationMetadataArrayToSchemas(classes.flatMap(ownMetadatas), {
    refPointerPrefix: DEFS_POINTER,
    classTransformerMetadataStorage: classTransformerStorage,
    additionalConverters: CONVERTERS,
  }) as Record<string, JsonSchema>;
  for (const schema of Object.values(schemas)) schema.additionalProperties = false;
  return schemas;
}

/** Names of the `$defs` a schema refers to, transitively (including `rootName`). */
export function referencedDefs(rootName: string, defs: Record<string, JsonSchema>): string[] {
  const seen = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [keyword, value] of Object.entries(node)) {
        if (keyword === '$ref' && typeof value === 'string' && value.startsWith(DEFS_POINTER)) {
          visit(value.slice(DEFS_POINTER.length));
        } else walk(value);
      }
    }
  };
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const def = defs[name];
    if (!def) throw new Error(`Schema ${rootName} refers to ${name}, which has no definition`);
    seen.add(name);
    walk(def);
  };
  visit(rootName);
  return [...seen];
}
