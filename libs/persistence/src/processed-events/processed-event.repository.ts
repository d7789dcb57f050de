import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EntityStatement } from '../sql/entity-statement';
import { ProcessedEvent } from './processed-event.entity';

/**
 * The durable processed-event ledger behind idempotent bus consumers (it satisfies the bus's
 * `ProcessedEventStore` port). Safe across processes and replicas: the primary key on
 * (consumer, event id) decides, not a read-then-write.
 */
@Injectable()
export class ProcessedEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** True when `consumer` already recorded `eventId`. */
  async has(
    consumer: string,
    eventId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    return manager.exists(ProcessedEvent, { where: { consumer, eventId } });
  }

  /**
   * Records that `consumer` handled `eventId`; marking twice is harmless. Pass the handler's
   * transaction `manager` so the mark commits or rolls back with the handler's effects.
   */
  async mark(
    consumer: string,
    eventId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await this.claim(consumer, eventId, manager);
  }

  /**
   * {@link mark}, telling whether this call was the one that recorded it. Called first inside
   * the handler's transaction, it is a race-free "run once" guard: `false` means another
   * delivery (here or on another replica) already recorded the event, so skip the effects.
   * On PostgreSQL a concurrent claim of the same event waits for the first transaction to end.
   *
   * @returns true if this call recorded it, false if it was already recorded.
   */
  async claim(
    consumer: string,
    eventId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    // The row count tells whether we won, without a race between a lookup and the insert.
    return (await CLAIM.execute(manager, { consumer, eventId, processedAt: new Date() })) === 1;
  }

  /**
   * Forgets marks older than `olderThan`. Keep them well beyond the longest redelivery window
   * (JetStream max deliveries × backoff, DLQ replays), or a late redelivery runs twice.
   *
   * @returns how many marks were removed.
   */
  async prune(olderThan: Date, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(ProcessedEvent)
      .where('processed_at < :olderThan', { olderThan })
      .execute();
    return result.affected ?? 0;
  }
}

const CLAIM = new EntityStatement(
  ProcessedEvent,
  `INSERT INTO "processed_events" ("consumer", "event_id", "processed_at")
   VALUES (:consumer, :eventId, :processedAt) ON CONFLICT DO NOTHING`,
);
