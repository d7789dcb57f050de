import type { MigrationInterface } from 'typeorm';
import { Foundation1795326894980 } from './1795326894980-foundation';

/** SQLite migrations, oldest first. */
export const SQLITE_MIGRATIONS: readonly (new () => MigrationInterface)[] = [Foundation1795326894980];
