/**
 * Remembers which events a consumer has already handled, so a redelivered or re-published
 * event runs its effects once. JetStream dedup only covers its duplicate window; this covers the rest.
 */
export interface ProcessedEventStore {
  has(consumer: string, eventId: string): Promise<boolean>;
  mark(consumer: string, eventId: string): Promise<void>;
}
