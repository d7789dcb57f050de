import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last known health of a connector instance, written by the runtime that hosts it and read by
 * the admin API (`GET /api/v1/instances/:id/health`), so it is there whichever process asks.
 */
@Entity({ name: 'instance_health' })
export class InstanceHealthRecord {
  @PrimaryColumn({
    name: 'instance_id',
    type: 'varchar',
    length: 36,
    primaryKeyConstraintName: 'pk_instance_health',
  })
  instanceId!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 128 })
  tenantId!: string;

  /** `ok`, `degraded` (rate limited, circuit half-open), `failing`, `disabled`, `invalid_config`, `unknown`. */
  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: string;

  @Column({ name: 'last_success_at', type: Date, nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'last_error_at', type: Date, nullable: true })
  lastErrorAt!: Date | null;

  /** `{ code, message, operation }` JSON of the last failure (redacted). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'rate_limited_until', type: Date, nullable: true })
  rateLimitedUntil!: Date | null;

  /** `closed`, `open`, `half-open`. */
  @Column({ name: 'circuit', type: 'varchar', length: 16 })
  circuit!: string;

  /** Last check result JSON (`check` hook), if one ran. */
  @Column({ name: 'last_check', type: 'text', nullable: true })
  lastCheck!: string | null;

  /** Which runtime process wrote this (host:pid). */
  @Column({ name: 'reported_by', type: 'varchar', length: 255 })
  reportedBy!: string;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
