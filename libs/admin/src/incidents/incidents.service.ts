import { Injectable } from '@nestjs/common';
import { redactSecrets } from '@switchboard/audit';
import { SwitchboardError } from '@switchboard/errors';
import type { ExternalRef } from '@switchboard/events';
import { FlowVersion, IncidentRecord, IncidentTimelineEntry, RunRecord } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { decodeCreatedCursor, encodeCreatedCursor, PAGE_LIMIT_DEFAULT, type Page } from '../core/pagination';
import type {
  IncidentDetailView,
  IncidentListQuery,
  IncidentRunView,
  IncidentSummaryView,
  IncidentTimelineView,
} from './incidents.dto';

function toSummary(incident: IncidentRecord): IncidentSummaryView {
  return {
    id: incident.id,
    dedupKey: incident.dedupKey,
    episodeId: incident.episodeId,
    status: incident.status,
    severity: incident.severity,
    title: incident.title,
    occurrences: incident.occurrences,
    ticket: incident.ticket ? (JSON.parse(incident.ticket) as ExternalRef) : null,
    humanSteps: incident.humanSteps,
    actions: incident.actions,
    escalated: incident.escalated,
    openedAt: incident.openedAt.toISOString(),
    resolvedAt: incident.resolvedAt ? incident.resolvedAt.toISOString() : null,
    updatedAt: incident.updatedAt.toISOString(),
  };
}

function toTimeline(entry: IncidentTimelineEntry): IncidentTimelineView {
  let detail: Record<string, unknown> = {};
  try {
    detail = redactSecrets(JSON.parse(entry.detail)) as Record<string, unknown>;
  } catch {
    // A detail that is not JSON says nothing more than its kind.
  }
  return { seq: entry.seq, at: entry.at.toISOString(), kind: entry.kind, detail };
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Hub incidents of one tenant, read-only: one per alert episode, with the alerts that made it, the
 * tickets runs linked, the runs themselves and the timeline the correlator and the engine wrote.
 */
@Injectable()
export class IncidentsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first by opening time, keyset-paginated on (openedAt, id): stable while incidents open. */
  async list(request: AdminRequest, query: IncidentListQuery): Promise<Page<IncidentSummaryView>> {
    const { tenantId } = principalOf(request);
    const limit = query.limit ?? PAGE_LIMIT_DEFAULT;
    const builder = this.dataSource
      .getRepository(IncidentRecord)
      .createQueryBuilder('incident')
      .where('incident.tenantId = :tenantId', { tenantId });
    if (query.status !== undefined) builder.andWhere('incident.status = :status', { status: query.status });
    if (query.dedupKey !== undefined)
      builder.andWhere('incident.dedupKey = :dedupKey', { dedupKey: query.dedupKey });
    if (query.from !== undefined)
      builder.andWhere('incident.openedAt >= :from', { from: new Date(query.from) });
    if (query.to !== undefined) builder.andWhere('incident.openedAt < :to', { to: new Date(query.to) });
    if (query.cursor !== undefined) {
      const after = decodeCreatedCursor(query.cursor);
      builder.andWhere(
        '(incident.openedAt > :openedAt OR (incident.openedAt = :openedAt AND incident.id > :id))',
        { openedAt: after.createdAt, id: after.id },
      );
    }
    const rows = await builder
      .orderBy('incident.openedAt', 'ASC')
      .addOrderBy('incident.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toSummary),
      nextCursor:
        rows.length > limit && last ? encodeCreatedCursor({ createdAt: last.openedAt, id: last.id }) : null,
    };
  }

  async get(request: AdminRequest, id: string): Promise<IncidentDetailView> {
    const { tenantId } = principalOf(request);
    // Another tenant's incident is indistinguishable from a missing one.
    const incident = await this.dataSource.getRepository(IncidentRecord).findOneBy({ id, tenantId });
    if (!incident) throw SwitchboardError.notFound(`No incident ${id}`);
    const [entries, runs] = await Promise.all([
      this.dataSource
        .getRepository(IncidentTimelineEntry)
        .find({ where: { incidentId: id }, order: { seq: 'ASC' } }),
      this.dataSource
        .getRepository(RunRecord)
        .find({ where: { incidentId: id, tenantId }, order: { createdAt: 'ASC', id: 'ASC' } }),
    ]);
    const timeline = entries.map(toTimeline);
    return {
      ...toSummary(incident),
      alerts: timeline
        .filter((entry) => entry.kind.startsWith('alert.'))
        .map((entry) => ({
          eventId: text(entry.detail.eventId) ?? '',
          type: text(entry.detail.type) ?? '',
          severity: text(entry.detail.severity),
          at: entry.at,
        })),
      tickets: timeline
        .filter(
          (entry) =>
            entry.kind === 'ticket.linked' && entry.detail.ticket && typeof entry.detail.ticket === 'object',
        )
        .map((entry) => ({
          ticket: entry.detail.ticket as ExternalRef,
          stepId: text(entry.detail.step),
          linkedAt: entry.at,
        })),
      runs: await this.runViews(tenantId, runs),
      timeline,
    };
  }

  private async runViews(tenantId: string, runs: RunRecord[]): Promise<IncidentRunView[]> {
    const versions =
      runs.length === 0
        ? []
        : await this.dataSource
            .getRepository(FlowVersion)
            .findBy(runs.map((run) => ({ flowId: run.flowId, version: run.flowVersion, tenantId })));
    const names = new Map(
      versions.map((row) => [
        `${row.flowId}@${row.version}`,
        String((JSON.parse(row.definition) as { name?: unknown }).name ?? ''),
      ]),
    );
    return runs.map((run) => ({
      id: run.id,
      flowId: run.flowId,
      flowName: names.get(`${run.flowId}@${run.flowVersion}`) ?? '',
      flowVersion: run.flowVersion,
      status: run.status,
      error: run.error,
      createdAt: run.createdAt.toISOString(),
      finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
    }));
  }
}
