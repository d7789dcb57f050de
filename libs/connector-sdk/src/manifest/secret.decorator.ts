import type { ConnectorManifest } from './connector-manifest';
import { JSONSchema } from 'class-validator-jsonschema';

const SECRET_FIELDS = Symbol('switchboard:connector-secret-fields');

type ConfigPrototype = { constructor: object } & Record<PropertyKey, unknown>;

/**
 * Marks a config property as a secret (a token, a password, a private key). The admin API takes it
 * in `secrets`, never in `config`; stores it sealed; and never returns it, only whether it is set.
 * Its JSON Schema says `writeOnly: true`.
 */
export function Secret(): PropertyDecorator {
  const writeOnly = JSONSchema({ writeOnly: true });
  return (target, propertyKey) => {
    if (typeof propertyKey !== 'string') throw new Error('@Secret() needs a string property name');
    const owner = (target as ConfigPrototype).constructor;
    const own = (Reflect.getOwnMetadata(SECRET_FIELDS, owner) as string[] | undefined) ?? [];
    Reflect.defineMetadata(SECRET_FIELDS, [...own, propertyKey], owner);
    writeOnly(target, propertyKey);
  };
}

/** Every secret field of a manifest: `@Secret()` properties plus `secretFields`. */
export function secretFieldsOfManifest(
  manifest: Pick<ConnectorManifest, 'configClass' | 'secretFields'>,
): string[] {
  return [...new Set([...secretFieldsOf(manifest.configClass), ...(manifest.secretFields ?? [])])];
}

/** The properties of `configClass` (and its base classes) marked with {@link Secret}. */
export function secretFieldsOf(configClass: abstract new () => object): string[] {
  const fields = new Set<string>();
  for (let type: object | null = configClass; type && type !== Function.prototype;) {
    for (const field of (Reflect.getOwnMetadata(SECRET_FIELDS, type) as string[] | undefined) ?? [])
      fields.add(field);
    type = Object.getPrototypeOf(type) as object | null;
  }
  return [...fields];
}
