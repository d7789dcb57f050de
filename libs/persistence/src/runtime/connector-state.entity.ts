import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One key of a connector instance's durable state (`ctx.state`): JSON, versioned for compare-and-set. */
@Entity({ name: 'connector_state' })
export class ConnectorStateEntry {
  @PrimaryColumn({
    name: 'instance_id',
    type: 'varchar',
    length: 36,
    primaryKeyConstraintName: 'pk_connector_state',
  })
  instanceId!: string;

  @PrimaryColumn({
    name: 'key',
    type: 'varchar',
    length: 255,
    primaryKeyConstraintName: 'pk_connector_state',
  })
  key!: string;

  @Column({ name: 'value', type: 'text' })
  value!: string;

  /** Bumped on every write: compare-and-set writes only where it is still the version read. */
  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
