import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { ConnectorConfigClass } from './connector-type';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12) of a config class as the admin API publishes it: unknown
 * properties forbidden (as validation does) and secret properties `writeOnly`, so form renderers
 * never echo them.
 */
export function configJsonSchema(
  configClass: ConnectorConfigClass,
  secretFields: readonly string[],
): JsonSchema {
  const schema = targetConstructorToSchema(configClass) as JsonSchema;
  const properties = { ...((schema.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  for (const field of secretFields) properties[field] = { ...(properties[field] ?? {}), writeOnly: true };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: configClass.name,
    ...schema,
    properties,
    additionalProperties: false,
  };
}
