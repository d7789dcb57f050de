import { Injectable } from '@nestjs/common';
import { isRole, type ApiKeyStore, type StoredApiKey } from '@switchboard/auth';
import { ApiKey } from '@switchboard/persistence';
import { DataSource } from 'typeorm';

/** The database-backed key store the access guard authenticates against (as `API_KEY_STORE`). */
@Injectable()
export class TypeOrmApiKeyStore implements ApiKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  async findByPrefix(prefix: string): Promise<StoredApiKey | undefined> {
    const row = await this.dataSource.getRepository(ApiKey).findOneBy({ prefix });
    // A role this version does not know grants nothing: treat the key as unknown.
    if (!row || !isRole(row.role)) return undefined;
    return {
      id: row.id,
      prefix: row.prefix,
      hash: row.hash,
      role: row.role,
      tenantId: row.tenantId,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
    };
  }
}
