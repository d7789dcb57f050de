import type { MigrationInterface } from 'typeorm';
import { Foundation1795326894980 } from './1795326894980-foundation';
import { AuditEntries1795500000000 } from './1795500000000-audit-entries';
import { ApiKeys1795600000000 } from './1795600000000-api-keys';
import { ConnectorInstances1795700000000 } from './1795700000000-connector-instances';
import { Outbox1795800000000 } from './1795800000000-outbox';
import { ConnectorRuntime1795900000000 } from './1795900000000-connector-runtime';
import { Mappings1795960000000 } from './1795960000000-mappings';
import { Orchestration1796000000000 } from './1796000000000-orchestration';
import { InstanceLimits1796100000000 } from './1796100000000-instance-limits';

/** SQLite migrations, oldest first. */
export const SQLITE_MIGRATIONS: readonly (new () => MigrationInterface)[] = [
  Foundation1795326894980,
  AuditEntries1795500000000,
  ApiKeys1795600000000,
  ConnectorInstances1795700000000,
  Outbox1795800000000,
  ConnectorRuntime1795900000000,
  Mappings1795960000000,
  Orchestration1796000000000,
  InstanceLimits1796100000000,
];
