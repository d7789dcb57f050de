import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { redactCredentials } from './database-url';

/**
 * Sends TypeORM's output through the Nest logger (and so the hub's one logger) under the
 * `Database` context. SQL text is logged only when asked for; failures and slow queries always,
 * without their parameters (they may carry ticket contents), and with credentials redacted.
 */
export class TypeOrmNestLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  constructor(
    private readonly logQueries: boolean,
    private readonly databaseUrl?: string,
  ) {}

  logQuery(query: string, parameters?: unknown): void {
    if (this.logQueries) this.logger.debug(this.clean(withParameters(query, parameters)));
  }

  logQueryError(error: string | Error, query: string, _parameters?: unknown): void {
    const reason = typeof error === 'string' ? error : error.message;
    this.logger.warn(this.clean(`Query failed: ${reason} -- ${query}`));
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(this.clean(`Slow query (${time} ms): ${query}`));
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(this.clean(message));
  }

  logMigration(message: string): void {
    this.logger.log(this.clean(message));
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = this.clean(String(message));
    if (level === 'warn') this.logger.warn(text);
    else this.logger.log(text);
  }

  private clean(text: string): string {
    return redactCredentials(text, this.databaseUrl);
  }
}

function withParameters(query: string, parameters: unknown): string {
  return Array.isArray(parameters) && parameters.length > 0
    ? `${query} -- ${JSON.stringify(parameters)}`
    : query;
}
