import type { MigrationInterface } from 'typeorm';
import type { DatabaseDialect } from '../persistence.options';
import { POSTGRES_MIGRATIONS } from './postgres';
import { SQLITE_MIGRATIONS } from './sqlite';

/**
 * The ordered migrations for one dialect. Each schema change gets a migration in both folders,
 * under the same class name, written for that dialect's SQL.
 */
export function migrationsFor(dialect: DatabaseDialect): readonly (new () => MigrationInterface)[] {
  return dialect === 'postgres' ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS;
}
