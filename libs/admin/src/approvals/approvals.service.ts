import { Injectable } from '@nestjs/common';
import { redactSecrets } from '@switchboard/audit';
import { SwitchboardError } from '@switchboard/errors';
import { ApprovalRecord } from '@switchboard/persistence';
import { ProblemDetailsException, problemType } from '@switchboard/platform';
import { DataSource } from 'typeorm';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { AuditTrail } from '../core/audit-trail.service';
import { assertIfMatch } from '../core/etag';
import { PAGE_LIMIT_DEFAULT, paginateByCreated, type Page } from '../core/pagination';
import { ApprovalDecider } from './approval-decider';
import type { ApprovalListQuery, ApprovalView } from './approvals.dto';

export type Decision = 'approved' | 'rejected';

function toView(row: ApprovalRecord): ApprovalView {
  let request: unknown = null;
  try {
    request = redactSecrets(JSON.parse(row.request));
  } catch {
    // Not JSON: nothing to show beyond the summary.
  }
  return {
    id: row.id,
    runId: row.runId,
    stepId: row.stepId,
    summary: row.summary,
    request,
    requestedBy: row.requestedBy,
    status: row.status,
    expiresAt: row.expiresAt.toISOString(),
    onExpiry: row.onExpiry,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

function notDecidable(detail: string): ProblemDetailsException {
  return new ProblemDetailsException({
    type: problemType('conflict'),
    title: 'Conflict',
    status: 409,
    detail,
  });
}

/**
 * Approvals of one tenant: read them, and approve or reject a pending one. The identity that
 * requested an action never decides it (403), an approval decides once (409 after), and one past
 * its TTL is the expiry's to decide (409). The decision goes through `RunEngine.decide` (see
 * ApprovalDecider), in one transaction with its audit entry (`approval.approve|reject`, actor =
 * the key), and the run moves on at once.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
    private readonly decider: ApprovalDecider,
  ) {}

  async list(request: AdminRequest, query: ApprovalListQuery): Promise<Page<ApprovalView>> {
    const { tenantId } = principalOf(request);
    const builder = this.dataSource
      .getRepository(ApprovalRecord)
      .createQueryBuilder('approval')
      .where('approval.tenantId = :tenantId', { tenantId });
    if (query.status !== undefined) builder.andWhere('approval.status = :status', { status: query.status });
    if (query.runId !== undefined) builder.andWhere('approval.runId = :runId', { runId: query.runId });
    return paginateByCreated(builder, 'approval', query.limit ?? PAGE_LIMIT_DEFAULT, query.cursor, toView);
  }

  async get(request: AdminRequest, id: string): Promise<ApprovalView> {
    return toView(await this.find(principalOf(request).tenantId, id));
  }

  async decide(
    request: AdminRequest,
    id: string,
    decision: Decision,
    reason: string | undefined,
    ifMatch: string | undefined,
  ): Promise<ApprovalView> {
    const { tenantId, keyId } = principalOf(request);
    const approval = await this.find(tenantId, id);
    assertIfMatch(ifMatch, approval.version);
    if (keyId === approval.requestedBy)
      throw new ProblemDetailsException({
        type: problemType('forbidden'),
        title: 'Forbidden',
        status: 403,
        detail: 'You requested this action: another approver must decide it.',
      });
    const now = new Date();
    if (approval.status !== 'pending') throw notDecidable(`The approval is already ${approval.status}.`);
    if (approval.expiresAt.getTime() <= now.getTime())
      throw notDecidable(
        `The approval expired at ${approval.expiresAt.toISOString()}; it counts as ${approval.onExpiry === 'approve' ? 'approved' : 'rejected'}.`,
      );
    const before = toView(approval);
    const decided = await this.decider.engine.decide(id, decision, keyId, now, reason, (work) =>
      this.auditTrail.change(request, async (manager) => {
        const result = await work(manager);
        return {
          result,
          audit: result
            ? {
                action: decision === 'approved' ? 'approval.approve' : 'approval.reject',
                targetType: 'approval',
                targetId: id,
                before,
                after: toView(result),
              }
            : null,
        };
      }),
    );
    // Decided meanwhile by someone else, or by the expiry: nothing was written.
    if (!decided) throw notDecidable('The approval was decided meanwhile: GET it again.');
    return toView(decided);
  }

  private async find(tenantId: string, id: string): Promise<ApprovalRecord> {
    // Another tenant's approval is indistinguishable from a missing one.
    const row = await this.dataSource.getRepository(ApprovalRecord).findOneBy({ id, tenantId });
    if (!row) throw SwitchboardError.notFound(`No approval ${id}`);
    return row;
  }
}
