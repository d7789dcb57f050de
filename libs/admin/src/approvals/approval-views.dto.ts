import { ApiProperty } from '@nestjs/swagger';
import type { ApprovalStatus } from '@switchboard/persistence';
import { APPROVAL_STATUSES, type ApprovalView } from './approvals.dto';

// Response shapes for the OpenAPI document: the interface in approvals.dto.ts is what the code
// returns; these classes describe the same shape, with examples, for the docs.

export class ApprovalViewDto implements ApprovalView {
  @ApiProperty({ example: '0193a1f5-3c4d-7e5f-9a6b-7c8d9e0f1a2b' })
  id!: string;

  @ApiProperty({ example: '0193a1f4-2b3c-7d4e-8f5a-6b7c8d9e0f1a' })
  runId!: string;

  @ApiProperty({ description: 'The step waiting for it.', example: 'restart' })
  stepId!: string;

  @ApiProperty({
    description: 'What would run when approved.',
    example: 'resource.restart on k8s-prod (policy: not in autoApprove)',
  })
  summary!: string;

  @ApiProperty({
    nullable: true,
    description: 'The command input that would be sent (secret-looking fields redacted).',
    example: { resource: { host: 'db-1' } },
  })
  request!: unknown;

  @ApiProperty({
    description:
      '`automation:flow/<id>` for a triggered run, the API key id for one started by hand. That identity can never decide it.',
    example: 'automation:flow/0193a1f2-7c4e-7b21-9a0d-5e8f3c2b1a40',
  })
  requestedBy!: string;

  @ApiProperty({ enum: APPROVAL_STATUSES, example: 'pending' })
  status!: ApprovalStatus;

  @ApiProperty({
    format: 'date-time',
    description: 'After this, only the expiry decides it.',
    example: '2026-11-22T08:15:43.000Z',
  })
  expiresAt!: string;

  @ApiProperty({ enum: ['approve', 'reject'], description: 'What an expiry counts as.', example: 'reject' })
  onExpiry!: 'approve' | 'reject';

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The deciding API key id, or `expiry`.',
    example: null,
  })
  decidedBy!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: null })
  decidedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, example: null })
  reason!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:43.000Z' })
  createdAt!: string;

  @ApiProperty({ description: 'The ETag is W/"<version>".', example: 1 })
  version!: number;
}

export class ApprovalPageDto {
  @ApiProperty({ type: [ApprovalViewDto] })
  items!: ApprovalViewDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last.',
    example: null,
  })
  nextCursor!: string | null;
}
