import { IDENTITY_COMMANDS, TICKETING_COMMANDS } from '@switchboard/connector-sdk';
import {
  AlertData,
  ChangeRequestData,
  classJsonSchema,
  CloudResourceData,
  CommentData,
  ConfigurationItemData,
  eventJsonSchemas,
  eventTypes,
  GroupData,
  TicketData,
  UserData,
  type DataClass,
  type JsonSchema,
} from '@switchboard/events';

/** A shape a mapping reads or writes: its JSON Schema and, when it has one, its validating class. */
export interface MappingShape {
  /** How errors name it: `io.switchboard.ops.alert.triggered.v1`, `ticket.create input`, `shape alert`. */
  label: string;
  schema: JsonSchema;
  /** Outputs are validated against it (whitelist, no conversion). */
  dataClass?: DataClass;
}

const BUILTIN_SHAPES: Record<string, DataClass> = {
  alert: AlertData,
  ticket: TicketData,
  comment: CommentData,
  ci: ConfigurationItemData,
  user: UserData,
  group: GroupData,
  'cloud-resource': CloudResourceData,
  change: ChangeRequestData,
};

/**
 * The shapes mappings can read and write: event types (from the events registry, so a type
 * registered later is found too), named canonical shapes, and connector command inputs (the SDK's
 * ticketing and identity commands; connector-specific ones via {@link registerCommand}).
 */
export class MappingCatalog {
  private readonly shapesByName = new Map<string, DataClass>(Object.entries(BUILTIN_SHAPES));
  private readonly commandsByAction = new Map<string, DataClass>(
    Object.entries({ ...TICKETING_COMMANDS, ...IDENTITY_COMMANDS }).map(([action, command]) => [
      action,
      command.input as DataClass,
    ]),
  );
  private readonly classSchemas = new WeakMap<DataClass, JsonSchema>();
  private eventSchemas: Record<string, JsonSchema> = {};
  private eventSchemaCount = -1;

  /** Adds a named shape (`registerShape('ticket-sync', TicketSyncView)`). */
  registerShape(name: string, dataClass: DataClass): void {
    this.shapesByName.set(name, dataClass);
  }

  /** Adds a command a mapping can target (a connector-specific action such as `silence.create`). */
  registerCommand(action: string, inputClass: DataClass): void {
    this.commandsByAction.set(action, inputClass);
  }

  shapeNames(): string[] {
    return [...this.shapesByName.keys()].sort();
  }

  commandActions(): string[] {
    return [...this.commandsByAction.keys()].sort();
  }

  /** The whole CloudEvent of a registered type (envelope + data), or undefined. */
  event(type: string): MappingShape | undefined {
    // Generating every schema is not free, so it happens once, and again only when types were
    // registered since (connector commands register theirs when their connector loads).
    const registered = eventTypes().length;
    if (registered !== this.eventSchemaCount) {
      this.eventSchemas = eventJsonSchemas();
      this.eventSchemaCount = registered;
    }
    return Object.hasOwn(this.eventSchemas, type)
      ? { label: type, schema: this.eventSchemas[type]! }
      : undefined;
  }

  shape(name: string): MappingShape | undefined {
    const dataClass = this.shapesByName.get(name);
    return dataClass && { label: `shape ${name}`, schema: this.schemaOf(dataClass), dataClass };
  }

  command(action: string): MappingShape | undefined {
    const dataClass = this.commandsByAction.get(action);
    return dataClass && { label: `${action} input`, schema: this.schemaOf(dataClass), dataClass };
  }

  private schemaOf(dataClass: DataClass): JsonSchema {
    let schema = this.classSchemas.get(dataClass);
    if (!schema) {
      schema = classJsonSchema(dataClass);
      this.classSchemas.set(dataClass, schema);
    }
    return schema;
  }
}

/** The process-wide catalog the compiler uses unless given another. */
export const mappingCatalog = new MappingCatalog();
