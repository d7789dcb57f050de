// @switchboard/events: the canonical event model. CloudEvents 1.0 envelope, data schemas as
// class-validator classes, the type registry, validation, JSON Schemas and the NATS/HTTP bindings.
import 'reflect-metadata';

// Envelope
export {
  CONTEXT_ATTRIBUTES,
  type CloudEvent,
  type ContextAttribute,
  type SyncMode,
} from './envelope/cloud-event';
export {
  CloudEventEnvelope,
  EXTENSION_NAME_PATTERN,
  SOURCE_PATTERN,
  SYNC_MODES,
  TENANT_ID_PATTERN,
  TRACEPARENT_PATTERN,
  UUID_PATTERN,
} from './envelope/cloud-event.envelope';
export {
  COMMAND_DOMAIN,
  EVENT_TYPE_PATTERN,
  formatEventType,
  isCommandType,
  parseEventType,
  type ParsedEventType,
} from './envelope/event-type';
export { createEvent, type CreateEventInput } from './envelope/create-event';

// Registry
export {
  dataSchemaUri,
  eventTypeDefinitions,
  eventTypes,
  EventType,
  getEventTypeDefinition,
  registerEventType,
  SCHEMA_BASE_URI,
  type BuiltinEventType,
  type DataClass,
  type EventTypeDefinition,
  type RegisterEventTypeInput,
} from './registry';

// Validation
export {
  assertValidEvent,
  sealValidEvent,
  validateEvent,
  type EventValidationResult,
} from './validation/event-validator';
export { formatFieldError } from './validation/validation-errors';
export { isValidAs } from './validation/compiled-validator';

// Data schemas
export * from './schemas/common.schema';
export * from './schemas/alert.schema';
export * from './schemas/ticket.schema';
export * from './schemas/comment.schema';
export * from './schemas/configuration-item.schema';
export * from './schemas/user.schema';
export * from './schemas/group.schema';
export * from './schemas/cloud-resource.schema';
export * from './schemas/change-request.schema';
export * from './schemas/remediation.schema';
export * from './schemas/outcome.schema';
export {
  composeDecorators,
  IsPresent,
  IsRecord,
  IsText,
  IsTextList,
  IsTextMatching,
  IsTimestamp,
  Nested,
  OptionalField,
  RFC3339_PATTERN,
  type NestedOptions,
  type RecordOptions,
} from './schemas/validation.decorators';

// The hub's configuration-change announcements
export * from './hub/config-changed.events';

// JSON Schema
export {
  classJsonSchema,
  eventJsonSchemas,
  JSON_SCHEMA_DIALECT,
  type JsonSchema,
} from './json-schema/event-json-schemas';

// Bindings
export { fromNatsMessage, toNatsMessage, type NatsMessage } from './bindings/nats.binding';
export {
  CLOUDEVENTS_JSON,
  fromHttp,
  toHttpBinary,
  toHttpStructured,
  type HttpHeaders,
  type HttpMessage,
} from './bindings/http.binding';
