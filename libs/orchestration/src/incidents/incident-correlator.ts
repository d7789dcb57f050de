import { EventType, type AlertData, type CloudEvent, type ExternalRef } from '@switchboard/events';
import { EntityStatement, IncidentRecord, type WriteBatch } from '@switchboard/persistence';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import type { IncidentView } from '../context/run-context';
import type { TimelineBatch } from './timeline-batch';

const ALERT_TYPES = new Set<string>([
  EventType.AlertTriggered,
  EventType.AlertUpdated,
  EventType.AlertAcknowledged,
  EventType.AlertResolved,
  EventType.AlertSuppressed,
]);

/** True for `ops.alert.*` events: they open, update and resolve incidents. */
export function isAlertEvent(event: CloudEvent): event is CloudEvent<AlertData> {
  return ALERT_TYPES.has(event.type);
}

/**
 * Correlates alert events into hub incidents: one per alert episode (dedupKey + episodeId, or
 * dedupKey alone when the source has no episodes). The first event of an episode opens it, later
 * firing events count occurrences, a resolve closes it; every step adds a line to its timeline. Runs
 * inside the caller's transaction, so the incident and the runs it starts commit together; its
 * write goes on the transaction's write batch.
 */
export class IncidentCorrelator {
  async observe(
    manager: EntityManager,
    writes: WriteBatch,
    event: CloudEvent<AlertData>,
    /** Takes the incident's timeline line; the caller writes it before its transaction commits. */
    timeline: TimelineBatch,
    now = new Date(),
  ): Promise<IncidentView> {
    const tenantId = event.tenantid ?? 'default';
    const data = event.data;
    const episodeId = data.episodeId ?? data.dedupKey;
    // The episode's incident if there is one, and the alert's latest incident (one statement).
    const found = await SELECT_EPISODE_AND_LATEST.select(manager, {
      tenantId,
      dedupKey: data.dedupKey,
      episodeId,
    });
    let incident = found.find((row) => row.episodeId === episodeId);
    const isNew = !incident;
    let previousTicket: ExternalRef | undefined;

    if (!incident) {
      const previous = found[0];
      previousTicket = previous?.ticket ? (JSON.parse(previous.ticket) as ExternalRef) : undefined;
      incident = Object.assign(new IncidentRecord(), {
        id: uuidv7(),
        tenantId,
        dedupKey: data.dedupKey,
        episodeId,
        status: 'open',
        severity: data.severity,
        title: data.title,
        occurrences: 0,
        ticket: null,
        humanSteps: 0,
        actions: 0,
        escalated: false,
        openedAt: new Date(data.startsAt ?? event.time),
        resolvedAt: null,
        updatedAt: now,
      });
    }

    let kind: string;
    if (event.type === EventType.AlertResolved) {
      kind = 'alert.resolved';
      incident.status = 'resolved';
      incident.resolvedAt = new Date(data.endsAt ?? event.time);
    } else {
      kind = isNew ? 'alert.triggered' : 'alert.refired';
      incident.occurrences += 1;
      incident.status = 'open';
      incident.resolvedAt = null;
      incident.severity = data.severity;
      incident.title = data.title;
    }
    incident.updatedAt = now;
    if (isNew) writes.insert(IncidentRecord, [incident]);
    else
      writes.update(
        IncidentRecord,
        { id: incident.id },
        {
          status: incident.status,
          resolvedAt: incident.resolvedAt,
          occurrences: incident.occurrences,
          severity: incident.severity,
          title: incident.title,
          updatedAt: now,
        },
      );
    timeline.add(incident.id, kind, { eventId: event.id, type: event.type, severity: data.severity }, now);
    return viewOf(incident, isNew, previousTicket);
  }
}

/** Both indexed lookups in one round trip: the episode (if any) and the latest of the alert. */
const SELECT_EPISODE_AND_LATEST = new EntityStatement(
  IncidentRecord,
  `SELECT * FROM "incidents"
   WHERE "tenant_id" = :tenantId AND "dedup_key" = :dedupKey AND "episode_id" = :episodeId
   UNION ALL
   SELECT * FROM (
     SELECT * FROM "incidents" WHERE "tenant_id" = :tenantId AND "dedup_key" = :dedupKey
     ORDER BY "opened_at" DESC LIMIT 1
   ) latest`,
);

export function viewOf(incident: IncidentRecord, isNew = false, previousTicket?: ExternalRef): IncidentView {
  return {
    id: incident.id,
    dedupKey: incident.dedupKey,
    episodeId: incident.episodeId,
    status: incident.status,
    isNew,
    occurrences: Math.max(1, incident.occurrences),
    severity: incident.severity,
    title: incident.title,
    ...(incident.ticket ? { ticket: JSON.parse(incident.ticket) as ExternalRef } : {}),
    ...(previousTicket ? { previousTicket } : {}),
    openedAt: incident.openedAt.toISOString(),
    ...(incident.resolvedAt ? { resolvedAt: incident.resolvedAt.toISOString() } : {}),
  };
}
