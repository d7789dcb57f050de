import { Injectable } from '@nestjs/common';
import { AuditLog, type AuditEntryInput } from '@switchboard/audit';
import type { CloudEvent } from '@switchboard/events';
import { OutboxRelay, enqueueEvents, type PendingEvent } from '@switchboard/outbox';
import type { EntityManager } from 'typeorm';
import { principalOf, requestIdOf, type AdminRequest } from './admin-request';

/** What a handler says about a change; who, which tenant and which request come from the request. */
export type AuditChange = Pick<AuditEntryInput, 'action' | 'targetType' | 'targetId' | 'before' | 'after'>;

/** What the work of {@link AuditTrail.change} returns: its result, how to audit it, what to announce. */
export interface AuditedChange<T> {
  result: T;
  /** `null` when the work found nothing to change (then nothing may have been written either). */
  audit: AuditChange | null;
  /** Published on the bus once the change committed (through the outbox), never before. */
  events?: CloudEvent[];
}

type Actor = Pick<AuditEntryInput, 'tenantId' | 'actorType' | 'actorId' | 'requestId'>;

/**
 * Applies admin changes so that the change, its audit entry and the events announcing it are one
 * atomic unit: all three are written in one transaction (events into the outbox), and the events
 * are published after the commit. A crash or failure at any point before the commit leaves
 * nothing behind; after it, the outbox relay still publishes.
 */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly log: AuditLog,
    private readonly outbox: OutboxRelay,
  ) {}

  /** A change made through the API: actor = the caller's key, tenant = the caller's tenant. */
  change<T>(request: AdminRequest, work: (manager: EntityManager) => Promise<AuditedChange<T>>): Promise<T> {
    const principal = principalOf(request);
    return this.apply(
      {
        tenantId: principal.tenantId,
        actorType: 'api_key',
        actorId: principal.keyId,
        requestId: requestIdOf(request),
      },
      work,
    );
  }

  /** A change the hub makes itself (e.g. the bootstrap admin key). */
  systemChange<T>(
    tenantId: string,
    actorId: string,
    work: (manager: EntityManager) => Promise<AuditedChange<T>>,
  ): Promise<T> {
    return this.apply({ tenantId, actorType: 'system', actorId }, work);
  }

  private async apply<T>(
    actor: Actor,
    work: (manager: EntityManager) => Promise<AuditedChange<T>>,
  ): Promise<T> {
    let eventIds: PendingEvent[] = [];
    const result = await this.log.transaction(actor.tenantId, async (tx) => {
      const outcome = await work(tx.manager);
      if (outcome.audit) await tx.append({ ...actor, ...outcome.audit });
      eventIds = await enqueueEvents(tx.manager, outcome.events ?? []);
      return outcome.result;
    });
    // Committed: the change stands whatever happens next; publishing failures are the relay's to retry.
    await this.outbox.publishNow(eventIds);
    return result;
  }
}
