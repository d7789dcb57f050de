import type { PendingEvent } from '@switchboard/outbox';
import { TimelineBatch } from '../incidents/timeline-batch';

/**
 * What one of the engine's transactions leaves besides the rows it changes: the outbox events to
 * publish once it committed, and the incident timeline lines to write (together) before it does.
 */
export class TransactionEffects {
  readonly publish: PendingEvent[] = [];
  readonly timeline = new TimelineBatch();
}
