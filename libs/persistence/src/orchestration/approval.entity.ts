import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/** A human gate on a step of a run. Whoever requested the action can never decide it. */
@Entity({ name: 'approvals' })
@Index('idx_approvals_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('idx_approvals_status_expires', ['status', 'expiresAt'])
export class ApprovalRecord {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36, primaryKeyConstraintName: 'pk_approvals' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 128 })
  tenantId!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId!: string;

  @Column({ name: 'step_id', type: 'varchar', length: 64 })
  stepId!: string;

  /** What would run when approved (`ticket.create on redmine-prod`), for the approver. */
  @Column({ name: 'summary', type: 'text' })
  summary!: string;

  /** The command input that would be sent (JSON), for the approver. */
  @Column({ name: 'request', type: 'text' })
  request!: string;

  /** Who asked: `automation:flow/<id>` for a triggered run, the API key id for one started by hand. */
  @Column({ name: 'requested_by', type: 'varchar', length: 128 })
  requestedBy!: string;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: ApprovalStatus;

  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  /** What an expiry means: `approve` or `reject`. */
  @Column({ name: 'on_expiry', type: 'varchar', length: 16 })
  onExpiry!: 'approve' | 'reject';

  @Column({ name: 'decided_by', type: 'varchar', length: 128, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: Date, nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'reason', type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  /** Optimistic concurrency (ETag). */
  @Column({ name: 'version', type: 'integer' })
  version!: number;
}
