import type { Role } from '@switchboard/auth';
import type { ApiKey } from '@switchboard/persistence';
import type { ApiKeyDto } from './api-key.dto';

/** The row as the API and the audit trail show it: everything but the hash. */
export function toApiKeyView(row: ApiKey): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role as Role,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    version: row.version,
  };
}
