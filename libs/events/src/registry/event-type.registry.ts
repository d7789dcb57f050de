import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { parseEventType, type ParsedEventType } from '../envelope/event-type';

/** A data schema class: class-validator decorated, constructible without arguments. */
export type DataClass<T extends object = object> = new () => T;

/** Where the published JSON Schemas live; `<base><type>.json` is each type's `dataschema`. */
export const SCHEMA_BASE_URI = 'https://schemas.switchboard.dev/events/';

/** The stable schema URI of an event type, used as the `dataschema` of events we create. */
export function dataSchemaUri(type: string): string {
  return `${SCHEMA_BASE_URI}${type}.json`;
}

/** What the hub knows about one event type. */
export interface EventTypeDefinition<T extends object = object> {
  type: string;
  /** The type name split into its parts. */
  parsed: ParsedEventType;
  /** The class `data` is validated against. */
  dataClass: DataClass<T>;
  /** URI of the type's JSON Schema. */
  dataschema: string;
  description?: string;
}

export interface RegisterEventTypeInput<T extends object = object> {
  /** `io.switchboard.<domain>.<entity>.<verb>.v<major>`. */
  type: string;
  dataClass: DataClass<T>;
  /** Defaults to {@link dataSchemaUri}(type). */
  dataschema?: string;
  description?: string;
}

const definitions = new Map<string, EventTypeDefinition>();

/**
 * Adds an event type (a later domain, a connector-specific command). Registering the same type
 * with the same class again is a no-op; with another class it is a `conflict` error, because two
 * meanings for one type name would split the bus. A breaking change gets a new major instead.
 */
export function registerEventType<T extends object>(
  input: RegisterEventTypeInput<T>,
): EventTypeDefinition<T> {
  const parsed = parseEventType(input.type);
  const existing = definitions.get(input.type);
  if (existing) {
    if (existing.dataClass === input.dataClass) return existing as EventTypeDefinition<T>;
    throw new SwitchboardError(
      ErrorCode.Conflict,
      `Event type ${input.type} is already registered with ${existing.dataClass.name}; cannot register ${input.dataClass.name}`,
    );
  }
  const definition: EventTypeDefinition<T> = {
    type: input.type,
    parsed,
    dataClass: input.dataClass,
    dataschema: input.dataschema ?? dataSchemaUri(input.type),
    description: input.description,
  };
  definitions.set(input.type, definition as EventTypeDefinition);
  return definition;
}

/** The definition of a registered type, or undefined. */
export function getEventTypeDefinition(type: string): EventTypeDefinition | undefined {
  return definitions.get(type);
}

/** Every registered event type, in registration order (built-ins first). */
export function eventTypes(): string[] {
  return [...definitions.keys()];
}

/** Every registered definition, in registration order. */
export function eventTypeDefinitions(): EventTypeDefinition[] {
  return [...definitions.values()];
}
