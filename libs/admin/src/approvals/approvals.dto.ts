import { ApiPropertyOptional } from '@nestjs/swagger';
import type { ApprovalStatus } from '@switchboard/persistence';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../core/pagination';

export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['pending', 'approved', 'rejected', 'expired'];

/** `GET /api/v1/approvals?…`: every filter given must match; `limit` and `cursor` as on every list. */
export class ApprovalListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPROVAL_STATUSES, example: 'pending' })
  @IsOptional()
  @IsIn(APPROVAL_STATUSES)
  status?: ApprovalStatus;

  @ApiPropertyOptional({
    description: 'Approvals of this run.',
    example: '0193a1f4-2b3c-7d4e-8f5a-6b7c8d9e0f1a',
  })
  @IsOptional()
  @IsUUID()
  runId?: string;
}

/** Body of `POST …/approve` and `…/reject`. */
export class DecideApprovalDto {
  @ApiPropertyOptional({
    description: 'Why, in plain language: kept with the decision, in the run and in the audit trail.',
    example: 'Checked with the service owner.',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

/** An approval as the API returns it. */
export interface ApprovalView {
  id: string;
  runId: string;
  stepId: string;
  /** What would run when approved. */
  summary: string;
  /** The command input that would be sent (secret-looking fields redacted). */
  request: unknown;
  /** `automation:flow/<id>` for a triggered run, the API key id for one started by hand. */
  requestedBy: string;
  status: ApprovalStatus;
  expiresAt: string;
  /** What an expiry counts as. */
  onExpiry: 'approve' | 'reject';
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  createdAt: string;
  /** The ETag is `W/"<version>"`. */
  version: number;
}
