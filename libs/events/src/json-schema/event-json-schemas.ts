import { CONTEXT_ATTRIBUTES } from '../envelope/cloud-event';
import { CloudEventEnvelope, EXTENSION_NAME_PATTERN } from '../envelope/cloud-event.envelope';
import { eventTypeDefinitions, type EventTypeDefinition } from '../registry';
import { classSchemas, DEFS_POINTER, type JsonSchema, referencedDefs } from './class-schemas';

export type { JsonSchema } from './class-schemas';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

// Other extension attributes: any valid CloudEvents name that is not one of ours, with a scalar value.
const EXTENSION_PROPERTY_PATTERN = `^(?!(${[...CONTEXT_ATTRIBUTES, 'data'].join('|')})$)${EXTENSION_NAME_PATTERN.source.slice(1)}`;
const EXTENSION_VALUE_SCHEMA: JsonSchema = { type: ['string', 'integer', 'boolean'] };

function eventSchema(definition: EventTypeDefinition, defs: Record<string, JsonSchema>): JsonSchema {
  const envelope = defs[CloudEventEnvelope.name];
  const dataName = definition.dataClass.name;
  const envelopeProperties = envelope.properties as Record<string, JsonSchema>;
  const ownDefs = Object.fromEntries(
    referencedDefs(dataName, defs)
      .sort()
      .map((name) => [name, defs[name]]),
  );
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: definition.dataschema,
    title: definition.type,
    description:
      `A Switchboard ${definition.type} event: CloudEvents 1.0 envelope with \`data\` as ${dataName}.` +
      (definition.description ? ` ${definition.description}` : ''),
    type: 'object',
    properties: {
      ...envelopeProperties,
      type: { type: 'string', const: definition.type },
      data: { $ref: `${DEFS_POINTER}${dataName}` },
    },
    required: [...(envelope.required as string[]), 'data'],
    patternProperties: { [EXTENSION_PROPERTY_PATTERN]: EXTENSION_VALUE_SCHEMA },
    additionalProperties: false,
    $defs: ownDefs,
  };
}

/**
 * The JSON Schema (draft 2020-12) of every registered event type, keyed by type: the whole event,
 * envelope and `data`, generated from the same class-validator classes that validate events.
 * Each schema's `$id` is the type's `dataschema` URI; `data` is described by `properties.data`.
 */
export function eventJsonSchemas(): Record<string, JsonSchema> {
  const definitions = eventTypeDefinitions();
  const defs = classSchemas([CloudEventEnvelope, ...definitions.map((definition) => definition.dataClass)]);
  return Object.fromEntries(
    definitions.map((definition) => [definition.type, eventSchema(definition, defs)]),
  );
}

/**
 * The JSON Schema (draft 2020-12) of any class-validator class, with the classes it nests under
 * `$defs`: for shapes that are not event data, such as connector command inputs and outputs.
 */
export function classJsonSchema(root: new () => object, description?: string): JsonSchema {
  const defs = classSchemas([root]);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: root.name,
    ...(description ? { description } : {}),
    $ref: `${DEFS_POINTER}${root.name}`,
    $defs: Object.fromEntries(
      referencedDefs(root.name, defs)
        .sort()
        .map((name) => [name, defs[name]]),
    ),
  };
}
