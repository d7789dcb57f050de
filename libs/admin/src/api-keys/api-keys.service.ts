import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { generateApiKey } from '@switchboard/auth';
import { SwitchboardError } from '@switchboard/errors';
import { ApiKey } from '@switchboard/persistence';
import { DataSource, type Repository } from 'typeorm';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { AuditTrail } from '../core/audit-trail.service';
import { assertIfMatch } from '../core/etag';
import { PAGE_LIMIT_DEFAULT, paginateByCreated, type Page } from '../core/pagination';
import type { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';
import { toApiKeyView } from './api-key.view';

/** API keys of the caller's tenant; a key of another tenant does not exist as far as the caller knows. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(ApiKey);
  }

  async create(request: AdminRequest, body: CreateApiKeyDto, now = new Date()): Promise<CreatedApiKeyDto> {
    const principal = principalOf(request);
    const expiresAt = body.expiresAt === undefined ? null : new Date(body.expiresAt);
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      throw SwitchboardError.validation('Invalid API key', [
        { path: 'expiresAt', message: 'must be in the future' },
      ]);
    }
    const generated = generateApiKey();
    const row = this.repository.create({
      id: randomUUID(),
      tenantId: principal.tenantId,
      name: body.name,
      prefix: generated.prefix,
      hash: generated.hash,
      role: body.role,
      createdAt: new Date(now.getTime()),
      createdBy: principal.keyId,
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
      version: 1,
    });
    return this.audit.change(request, async (manager) => {
      await manager.insert(ApiKey, row);
      const view = toApiKeyView(row);
      return {
        result: { key: generated.key, apiKey: view },
        audit: { action: 'api_key.create', targetType: 'api_key', targetId: row.id, after: view },
      };
    });
  }

  async list(request: AdminRequest, limit = PAGE_LIMIT_DEFAULT, cursor?: string): Promise<Page<ApiKeyDto>> {
    const { tenantId } = principalOf(request);
    const builder = this.repository.createQueryBuilder('key').where('key.tenantId = :tenantId', { tenantId });
    return paginateByCreated(builder, 'key', limit, cursor, toApiKeyView);
  }

  async get(request: AdminRequest, id: string): Promise<ApiKeyDto> {
    return toApiKeyView(await this.find(request, id));
  }

  async revoke(
    request: AdminRequest,
    id: string,
    ifMatch: string | undefined,
    now = new Date(),
  ): Promise<ApiKeyDto> {
    const { tenantId } = principalOf(request);
    return this.audit.change(request, async (manager) => {
      const row = await findIn(manager.getRepository(ApiKey), tenantId, id);
      assertIfMatch(ifMatch, row.version);
      if (row.revokedAt) throw SwitchboardError.conflict(`API key ${id} is already revoked`);
      const revokedAt = new Date(now.getTime());
      const result = await manager.update(
        ApiKey,
        { id: row.id, tenantId: row.tenantId, version: row.version },
        { revokedAt, version: row.version + 1 },
      );
      // Someone else changed it between our read and our write: same answer as a stale If-Match.
      if (!result.affected) assertIfMatch(ifMatch, row.version + 1);
      const after = toApiKeyView({ ...row, revokedAt, version: row.version + 1 });
      return {
        result: after,
        audit: {
          action: 'api_key.revoke',
          targetType: 'api_key',
          targetId: id,
          before: toApiKeyView(row),
          after,
        },
      };
    });
  }

  private find(request: AdminRequest, id: string): Promise<ApiKey> {
    return findIn(this.repository, principalOf(request).tenantId, id);
  }
}

async function findIn(repository: Repository<ApiKey>, tenantId: string, id: string): Promise<ApiKey> {
  const row = id.length <= 36 ? await repository.findOneBy({ id, tenantId }) : null;
  if (!row) throw SwitchboardError.notFound(`API key ${id} not found`);
  return row;
}
