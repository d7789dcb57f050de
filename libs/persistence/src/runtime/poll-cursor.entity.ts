import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where an instance's poll resumes: checkpointed after each page's events were stored on the bus. */
@Entity({ name: 'poll_cursors' })
export class PollCursor {
  @PrimaryColumn({
    name: 'instance_id',
    type: 'varchar',
    length: 36,
    primaryKeyConstraintName: 'pk_poll_cursors',
  })
  instanceId!: string;

  /** The connector's cursor, as JSON. */
  @Column({ name: 'cursor', type: 'text' })
  cursor!: string;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
