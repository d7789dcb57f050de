import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One version of a mapping, never changed once written: runs and flows pin a version, so what
 * they ran stays readable. Versions outlive their mapping's deletion for the same reason.
 */
@Entity({ name: 'mapping_versions' })
export class MappingVersion {
  @PrimaryColumn({
    name: 'mapping_id',
    type: 'varchar',
    length: 36,
    primaryKeyConstraintName: 'pk_mapping_versions',
  })
  mappingId!: string;

  /** 1, 2, 3, … per mapping. */
  @PrimaryColumn({ name: 'version', type: 'integer', primaryKeyConstraintName: 'pk_mapping_versions' })
  version!: number;

  @Column({ name: 'tenant_id', type: 'varchar', length: 128 })
  tenantId!: string;

  /** The mapping's name at this version. */
  @Column({ name: 'name', type: 'varchar', length: 100 })
  name!: string;

  /** JSON of the whole definition (name, description, source, target, fields). */
  @Column({ name: 'definition', type: 'text' })
  definition!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  /** Id of the API key that wrote this version. */
  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;
}
