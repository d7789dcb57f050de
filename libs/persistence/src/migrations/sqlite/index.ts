import type { MigrationInterface } from 'typeorm';
import { Foundation1795326894980 } from './1795326894980-foundation';
import { AuditEntries1795500000000 } from './1795500000000-audit-entries';

/** SQLite migrations, oldest first. */
export const SQLITE_MIGRATIONS: readonly (new () => MigrationInterface)[] = [
  Foundation1795326894980,
  AuditEntries1795500000000,
];
