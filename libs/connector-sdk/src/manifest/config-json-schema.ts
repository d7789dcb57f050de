import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { SchemaClass } from './connector-manifest';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12) of a config class as the admin API publishes it: unknown
 * properties forbidden (as validation does) and secret properties `writeOnly`, so form renderers
 * never echo them.
 */
export function configJsonSchema(configClass: SchemaClass, secretFields: readonly string[]): JsonSchema {
  const schema = targetConstructorToSchema(configClass) as JsonSchema;
  const properties = Object.fromEntries(
    Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {}).map(
      ([field, property]) => [field, standardUrlFormat(property)],
    ),
  );
  for (const field of secretFields) properties[field] = { ...(properties[field] ?? {}), writeOnly: true };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: configClass.name,
    ...schema,
    properties,
    additionalProperties: false,
  };
}

/**
 * `@IsUrl()` comes out as `format: "url"`, which is not a JSON Schema format: ajv-formats reads it
 * as a public-internet URL and refuses `http://10.0.0.5/redmine` or `http://redmine:3000`, the
 * addresses of self-hosted tools that the config class accepts. `uri` (RFC 3986) is the standard
 * format and accepts them.
 */
function standardUrlFormat(schema: JsonSchema): JsonSchema {
  const items = schema.items;
  return {
    ...schema,
    ...(schema.format === 'url' ? { format: 'uri' } : {}),
    ...(typeof items === 'object' && items !== null && !Array.isArray(items)
      ? { items: standardUrlFormat(items as JsonSchema) }
      : {}),
  };
}
