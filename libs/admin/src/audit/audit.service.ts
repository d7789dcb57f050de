import { Injectable } from '@nestjs/common';
import { AuditLog, type AuditRecord } from '@switchboard/audit';
import { SwitchboardError } from '@switchboard/errors';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { PAGE_LIMIT_DEFAULT } from '../core/pagination';
import type { AuditEntryDto, AuditListQueryDto, AuditPageDto, AuditVerifyDto } from './audit.dto';

/** The caller's tenant's audit trail: read and verified, never written here. */
@Injectable()
export class AuditService {
  constructor(private readonly log: AuditLog) {}

  async list(request: AdminRequest, query: AuditListQueryDto): Promise<AuditPageDto> {
    const { tenantId } = principalOf(request);
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && from.getTime() > to.getTime()) {
      throw SwitchboardError.validation('Invalid audit query', [
        { path: 'to', message: 'must not be before from' },
      ]);
    }
    const page = await this.log.list({
      tenantId,
      actorId: query.actorId,
      action: query.action,
      targetType: query.targetType,
      targetId: query.targetId,
      from,
      to,
      limit: query.limit ?? PAGE_LIMIT_DEFAULT,
      cursor: query.cursor,
      order: 'desc',
    });
    return { items: page.items.map(toAuditEntryView), nextCursor: page.nextCursor ?? null };
  }

  async verify(request: AdminRequest): Promise<AuditVerifyDto> {
    return this.log.verify(principalOf(request).tenantId);
  }
}

/** What the API shows of an entry: no tenant, id or signature. */
export function toAuditEntryView(record: AuditRecord): AuditEntryDto {
  return {
    seq: record.seq,
    occurredAt: record.occurredAt.toISOString(),
    actor: { type: record.actorType, id: record.actorId },
    action: record.action,
    target: { type: record.targetType, id: record.targetId },
    before: record.before,
    after: record.after,
    requestId: record.requestId,
    hash: record.hash,
    prevHash: record.prevHash,
  };
}
