import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One event a bus consumer has finished handling. The bus checks it before running a handler
 * and writes it in the handler's transaction, so a redelivery past JetStream's duplicate window
 * still runs its effects once. Rows are pruned by age.
 */
@Entity({ name: 'processed_events' })
@Index('idx_processed_events_processed_at', ['processedAt'])
export class ProcessedEvent {
  /** Durable consumer name (`[A-Za-z0-9_-]+`). */
  @PrimaryColumn({
    name: 'consumer',
    type: 'varchar',
    length: 128,
    primaryKeyConstraintName: 'pk_processed_events',
  })
  consumer!: string;

  /** CloudEvents `id` of the handled event. */
  @PrimaryColumn({
    name: 'event_id',
    type: 'varchar',
    length: 255,
    primaryKeyConstraintName: 'pk_processed_events',
  })
  eventId!: string;

  /** When the handler's effects were committed. */
  @Column({ name: 'processed_at', type: Date })
  processedAt!: Date;
}
