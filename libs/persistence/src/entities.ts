import { AuditEntry } from '@switchboard/audit';
import { ConnectorInstance } from '@switchboard/connector-registry';
import { OutboxMessage } from './outbox/outbox-message.entity';
import { ApiKey } from './api-keys/api-key.entity';
import { HubMeta } from './hub-meta/hub-meta.entity';
import { MappingHead, MappingVersion } from './mappings';
import {
  ApprovalRecord,
  FlowHead,
  FlowVersion,
  IncidentRecord,
  IncidentTimelineEntry,
  RunRecord,
  RunStepRecord,
} from './orchestration';
import { ProcessedEvent } from './processed-events/processed-event.entity';
import { CommandLedgerEntry, ConnectorStateEntry, InstanceHealthRecord, PollCursor } from './runtime';

/**
 * Every entity the hub persists. Explicit, not globbed: the apps are bundled. Adding an entity
 * here without a migration for both dialects fails the schema drift check in
 * `test/persistence/persistence.e2e-spec.ts`, which prints the SQL the migrations are missing.
 */
export const ENTITIES: readonly (new () => object)[] = [
  ProcessedEvent,
  HubMeta,
  AuditEntry,
  ApiKey,
  ConnectorInstance,
  OutboxMessage,
  ConnectorStateEntry,
  PollCursor,
  CommandLedgerEntry,
  InstanceHealthRecord,
  MappingHead,
  MappingVersion,
  FlowHead,
  FlowVersion,
  RunRecord,
  RunStepRecord,
  IncidentRecord,
  IncidentTimelineEntry,
  ApprovalRecord,
];
