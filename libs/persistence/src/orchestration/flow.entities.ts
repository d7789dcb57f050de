import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A flow as the admin API lists it: the head row; definitions live in {@link FlowVersion}. */
@Entity({ name: 'flows' })
@Index('uq_flows_tenant_name', ['tenantId', 'name'], { unique: true })
@Index('idx_flows_tenant_created', ['tenantId', 'createdAt', 'id'])
export class FlowHead {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36, primaryKeyConstraintName: 'pk_flows' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 128 })
  tenantId!: string;

  @Column({ name: 'name', type: 'varchar', length: 100 })
  name!: string;

  /** Only enabled flows start runs; disabling one lets its running runs finish. */
  @Column({ name: 'enabled', type: 'boolean' })
  enabled!: boolean;

  /** The version new runs pin. */
  @Column({ name: 'current_version', type: 'integer' })
  currentVersion!: number;

  /** Optimistic concurrency of the head (ETag): bumped by every change, enable/disable included. */
  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}

/** One immutable version of a flow's definition; runs pin the version they started with. */
@Entity({ name: 'flow_versions' })
export class FlowVersion {
  @PrimaryColumn({
    name: 'flow_id',
    type: 'varchar',
    length: 36,
    primaryKeyConstraintName: 'pk_flow_versions',
  })
  flowId!: string;

  @PrimaryColumn({ name: 'version', type: 'integer', primaryKeyConstraintName: 'pk_flow_versions' })
  version!: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 128 })
  tenantId!: string;

  /** The definition as JSON (validated when it was saved). */
  @Column({ name: 'definition', type: 'text' })
  definition!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  /** The API key (or `system`) that saved it. */
  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;
}
