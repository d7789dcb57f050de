import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { redactCredentials } from './database-url';
import { describeDataSource, reasonOf } from './open-data-source';
import { HEALTH_CHECK_TIMEOUT_MS } from './persistence.constants';

/** Same shape as the bus's health, so `/readyz` can list both. */
export interface DatabaseHealthStatus {
  ok: boolean;
  /** Dialect and location (credentials redacted), and the reason when down. */
  detail: string;
}

/** Readiness probe for the database: a `SELECT 1` that must answer within a short timeout. */
@Injectable()
export class DatabaseHealth {
  constructor(private readonly dataSource: DataSource) {}

  /** Never throws: a failure is reported as `{ ok: false, detail }`. */
  async check(timeoutMs: number = HEALTH_CHECK_TIMEOUT_MS): Promise<DatabaseHealthStatus> {
    const where = describeDataSource(this.dataSource);
    if (!this.dataSource.isInitialized) return { ok: false, detail: `${where}: down (connection closed)` };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timeout]);
      return { ok: true, detail: `${where}: up` };
    } catch (error) {
      const url = this.dataSource.options.type === 'postgres' ? this.dataSource.options.url : undefined;
      return { ok: false, detail: `${where}: down (${redactCredentials(reasonOf(error), url)})` };
    } finally {
      clearTimeout(timer);
    }
  }
}
