import { Logger } from '@nestjs/common';
import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import type { DataSource } from 'typeorm';
import { describeDatabaseTarget, redactCredentials } from './database-url';
import type { PersistenceOptions } from './persistence.options';
import { createDataSource, type SwitchboardDataSource } from './switchboard-data-source';

// Failures a later start may not hit: the server is starting, unreachable or full.
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P03', // cannot_connect_now: server starting up or shutting down
  '53300', // too_many_connections
  'SQLITE_BUSY',
]);
// PostgreSQL: invalid_password, invalid_authorization_specification.
const AUTH_CODES = new Set(['28P01', '28000']);

/**
 * Connects and runs pending migrations. Failures become a {@link SwitchboardError} whose message
 * names the database (credentials redacted) and whose code says whether retrying can help:
 * `retryable` (server unreachable), `auth` (credentials rejected) or `permanent` (anything else,
 * e.g. a failing migration or a missing database).
 */
export async function openDataSource(options: PersistenceOptions): Promise<SwitchboardDataSource> {
  const dataSource = createDataSource(options);
  const where = describeDataSource(dataSource);
  new Logger('Database').log(`Opening ${where}`);
  try {
    await dataSource.initialize();
  } catch (error) {
    // initialize() closes what it opened when migrations fail; a failed connect opened nothing.
    const code = classifyOpenError(error);
    const reason = redactCredentials(reasonOf(error), options.databaseUrl);
    throw new SwitchboardError(code, `Could not open the database (${where}): ${reason}`);
  }
  return dataSource;
}

/** `sqlite /abs/file.sqlite` or `postgres postgres://user:***@host:5432/db`, safe to log. */
export function describeDataSource(dataSource: DataSource): string {
  const { options } = dataSource;
  if (options.type === 'postgres')
    return describeDatabaseTarget({ dialect: 'postgres', url: options.url ?? '' });
  return describeDatabaseTarget({ dialect: 'sqlite', file: String(options.database) });
}

/** The driver's message, plus its error code when it has one (pg's SQLSTATE, Node's errno). */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Connection failures to several addresses arrive as an AggregateError with an empty message.
  const message =
    error.message || (error instanceof AggregateError ? error.errors.map(reasonOf).join('; ') : error.name);
  const code = codeOf(error);
  return code && !message.includes(code) ? `${message} [${code}]` : message;
}

function classifyOpenError(error: unknown): ErrorCode {
  const code = codeOf(error);
  if (code && AUTH_CODES.has(code)) return ErrorCode.Auth;
  if (code && TRANSIENT_CODES.has(code)) return ErrorCode.Retryable;
  return ErrorCode.Permanent;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  // TypeORM wraps driver errors (QueryFailedError.driverError); AggregateError carries a list.
  const driverError = (error as { driverError?: unknown }).driverError;
  if (driverError) return codeOf(driverError);
  if (error instanceof AggregateError) return error.errors.map(codeOf).find(Boolean);
  return undefined;
}
