import { Injectable } from '@nestjs/common';
import { AuditLog, type AuditEntryInput, type AuditRecord } from '@switchboard/audit';
import { principalOf, requestIdOf, type AdminRequest } from './admin-request';

/** What a handler says about a change; who, which tenant and which request come from the request. */
export type AuditChange = Pick<AuditEntryInput, 'action' | 'targetType' | 'targetId' | 'before' | 'after'>;

/** Appends admin API changes to the audit log, attributed to the calling key and request. */
@Injectable()
export class AuditTrail {
  constructor(private readonly log: AuditLog) {}

  /** A change made through the API: actor = the caller's key, tenant = the caller's tenant. */
  record(request: AdminRequest, change: AuditChange): Promise<AuditRecord> {
    const principal = principalOf(request);
    return this.log.append({
      ...change,
      tenantId: principal.tenantId,
      actorType: 'api_key',
      actorId: principal.keyId,
      requestId: requestIdOf(request),
    });
  }

  /** A change the hub made itself (e.g. the bootstrap admin key). */
  recordSystem(tenantId: string, actorId: string, change: AuditChange): Promise<AuditRecord> {
    return this.log.append({ ...change, tenantId, actorType: 'system', actorId });
  }
}
