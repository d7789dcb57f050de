export type { DatabaseDialect, PersistenceOptions } from './persistence.options';
export {
  DEFAULT_SQLITE_FILE,
  HEALTH_CHECK_TIMEOUT_MS,
  MIGRATIONS_TABLE,
  POSTGRES_POOL_SIZE,
  SQLITE_BUSY_TIMEOUT_MS,
} from './persistence.constants';
export { resolveDatabaseTarget, redactDatabaseUrl, redactCredentials } from './database-url';
export type { DatabaseTarget } from './database-url';
export { createDataSourceOptions } from './data-source-options';
export { SwitchboardDataSource, createDataSource, dialectOf } from './switchboard-data-source';
export { openDataSource, describeDataSource } from './open-data-source';
export { PersistenceModule, PERSISTENCE_OPTIONS } from './persistence.module';
export type { PersistenceAsyncOptions } from './persistence.module';
export { DatabaseHealth } from './database-health';
export type { DatabaseHealthStatus } from './database-health';
export { ENTITIES } from './entities';
export { migrationsFor } from './migrations';
export { EntityStatement } from './sql/entity-statement';
export { insertEntities, updateColumns, upsertEntities } from './sql/entity-writes';
export { WriteBatch } from './sql/write-batch';
export { lockUntilTransactionEnds } from './sql/driver-sql';
export { ProcessedEvent } from './processed-events/processed-event.entity';
export { ProcessedEventRepository } from './processed-events/processed-event.repository';
export { HubMeta } from './hub-meta/hub-meta.entity';
export { HubMetaStore, HubMetaKey } from './hub-meta/hub-meta.store';
export type { HubInstallation } from './hub-meta/hub-meta.store';
export { ApiKey } from './api-keys/api-key.entity';
export { OutboxMessage } from './outbox/outbox-message.entity';
export { CommandLedgerEntry, ConnectorStateEntry, InstanceHealthRecord, PollCursor } from './runtime';
export type { CommandLedgerStatus } from './runtime';
export { MappingHead, MappingVersion } from './mappings';
export {
  ApprovalRecord,
  FlowHead,
  FlowVersion,
  IncidentRecord,
  IncidentTimelineEntry,
  RunRecord,
  RunStepRecord,
} from './orchestration';
export type { ApprovalStatus, IncidentStatus, RunStatus, StepStatus } from './orchestration';
