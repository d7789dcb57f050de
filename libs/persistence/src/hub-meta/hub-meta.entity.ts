import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Small facts about this hub installation (install id, install time, …), one row per key.
 * Not for configuration: that is validated, versioned and lives in its own tables.
 */
@Entity({ name: 'hub_meta' })
export class HubMeta {
  @PrimaryColumn({ name: 'key', type: 'varchar', length: 100, primaryKeyConstraintName: 'pk_hub_meta' })
  key!: string;

  @Column({ name: 'value', type: 'text' })
  value!: string;

  /** Last time the value was written. */
  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
