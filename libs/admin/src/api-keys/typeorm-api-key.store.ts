import { Injectable } from '@nestjs/common';
import { isRole, type ApiKeyStore, type StoredApiKey } from '@switchboard/auth';
import { ApiKey } from '@switchboard/persistence';
import { DataSource } from 'typeorm';

/** The database-backed key store the access guard authenticates against (as `API_KEY_STORE`). */
/** `last_used_at` is kept to this precision: one write per key per minute at most, not one per request. */
export const LAST_USED_PRECISION_MS = 60_000;

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

  /** Not a change an admin makes: no version bump (ETags stay valid) and no audit entry. */
  async markUsed(keyId: string, at: Date): Promise<void> {
    await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder()
      .update(ApiKey)
      .set({ lastUsedAt: at })
      .where('id = :keyId AND (last_used_at IS NULL OR last_used_at <= :stale)', {
        keyId,
        stale: new Date(at.getTime() - LAST_USED_PRECISION_MS),
      })
      .execute();
  }
}
