import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An event written in the same transaction as the change it announces, waiting to be published.
 * The relay publishes it after the commit and deletes the row; a crash in between leaves the row,
 * and the next relay pass (in this process after a restart, or in another replica) publishes it.
 */
@Entity({ name: 'outbox_messages' })
@Index('idx_outbox_messages_due', ['nextAttemptAt', 'createdAt'])
export class OutboxMessage {
  /** The event's CloudEvents `id`: also its JetStream `Nats-Msg-Id`, so a double relay stores it once. */
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36, primaryKeyConstraintName: 'pk_outbox_messages' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 128 })
  tenantId!: string;

  /** Subject override (commands); null = derived from the event. */
  @Column({ name: 'subject', type: 'varchar', length: 255, nullable: true })
  subject!: string | null;

  /** The CloudEvent as JSON (structured form). */
  @Column({ name: 'event', type: 'text' })
  event!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  /** Not before this time: the committing request publishes first; later, the backoff of failed tries. */
  @Column({ name: 'next_attempt_at', type: Date })
  nextAttemptAt!: Date;

  /** Failed publish attempts so far. */
  @Column({ name: 'attempts', type: 'integer' })
  attempts!: number;

  /** Why the last attempt failed (no event content). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
