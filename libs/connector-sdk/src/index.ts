// @switchboard/connector-sdk: everything a connector is written with. A connector depends on this
// lib and on @switchboard/events (and @switchboard/errors through it), never on the runtime, the
// orchestrator or the database. See libs/connector-sdk/README.md.
import 'reflect-metadata';

// Declaring a connector
export { defineConnector } from './define-connector';
export type { AnyConnectorDefinition, ConnectorDefinition } from './define-connector';
export { CONNECTOR_CATEGORIES } from './manifest/connector-manifest';
export type {
  CommandDescriptor,
  ConnectorCategory,
  ConnectorManifest,
  OutboundAuthScheme,
  PaginationHint,
  PollManifest,
  RateLimitHint,
  SchemaClass,
  WebhookManifest,
} from './manifest/connector-manifest';
export { Secret, secretFieldsOf, secretFieldsOfManifest } from './manifest/secret.decorator';
export { manifestProblems } from './manifest/manifest-validation';
export {
  DEFAULT_WEBHOOK_CONTENT_TYPES,
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
  manifestDocument,
} from './manifest/manifest-document';
export type { CommandDocument, ManifestDocument } from './manifest/manifest-document';
export { configJsonSchema } from './manifest/config-json-schema';
export { resolveConnectorConfig, validateConnectorConfig } from './manifest/config-validation';
export { validateAgainstClass } from './manifest/schema-validation';
export {
  DEFAULT_INSTANCE_CONCURRENCY,
  effectiveInstanceLimits,
  instanceRateLimit,
} from './manifest/instance-limits';
export type { EffectiveInstanceLimits, InstanceLimits } from './manifest/instance-limits';

// Hooks and what they receive
export type { ConnectorContext } from './hooks/connector-context';
export type {
  ActionHandler,
  ActionResult,
  CheckResult,
  CommandMeta,
  ConnectorHooks,
  HttpSettings,
  PollHooks,
  PollPage,
  RegistrationHooks,
  WebhookHooks,
} from './hooks/connector-hooks';
export { checkFailed, checkPassed } from './hooks/check-result';
export { MemoryStateStore } from './state/connector-state-store';
export type { ConnectorStateStore } from './state/connector-state-store';

// Events and commands
export { connectorSource, deterministicEventId, toCloudEvent } from './events/connector-event';
export type { ConnectorEvent, EventOrigin } from './events/connector-event';
export {
  ACTION_PATTERN,
  COMMAND_FAILED_TYPE,
  COMMAND_OUTCOMES,
  COMMAND_SUCCEEDED_TYPE,
  CommandErrorData,
  CommandResultData,
  ConnectorCommandData,
  commandType,
  createCommand,
  registerCommandType,
} from './commands/connector-command';
export type { CommandInput, CommandOutcome } from './commands/connector-command';
export {
  CommentAddInput,
  CommentAddOutput,
  TICKETING_COMMANDS,
  TicketChanges,
  TicketCreateInput,
  TicketCreateOutput,
  TicketGetInput,
  TicketGetOutput,
  TicketSearchInput,
  TicketSearchOutput,
  TicketUpdateInput,
  TicketUpdateOutput,
} from './commands/ticketing.commands';
export {
  GroupMembersInput,
  GroupMembersOutput,
  IDENTITY_COMMANDS,
  USER_KEYS,
  UserGroupsOutput,
  UserLookupInput,
  UserLookupOutput,
  UserManagersInput,
  UserManagersOutput,
} from './commands/identity.commands';
export type { UserKey } from './commands/identity.commands';
export { creationMarker, idempotentCreate } from './idempotency/idempotent-create';
export type { IdempotentCreateOptions } from './idempotency/idempotent-create';

// Hosting connectors (the runtime and the testkit share these)
export * from './engine';

// Platform services connectors use
export * from './http';
export * from './webhooks';
export * from './logging';
export { ErrorCode, SwitchboardError, isSwitchboardError } from '@switchboard/errors';
export type { FieldError } from '@switchboard/errors';
