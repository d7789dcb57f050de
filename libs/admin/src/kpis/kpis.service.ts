import { Injectable } from '@nestjs/common';
import { formatDuration, parseDuration } from '@switchboard/config';
import { SwitchboardError } from '@switchboard/errors';
import { IncidentRecord } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { principalOf, type AdminRequest } from '../core/admin-request';
import type { KpiQuery, KpiReport } from './kpis.dto';

const DEFAULT_PERIOD_MS = 7 * 24 * 3_600_000;
const DEFAULT_FALSE_POSITIVE_WINDOW = '15m';

/** A share (0 to 1) to four decimals; null when there is nothing to share. */
function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

function invalid(path: string, message: string): SwitchboardError {
  return SwitchboardError.validation('Invalid KPI query', [{ path, message }]);
}

/**
 * The learn step's KPIs, computed from the incidents the orchestrator keeps (each counts the human
 * steps and actions of its runs, and whether a decision escalated it), over the incidents opened
 * in [from, to). See {@link KpiReport} and the OpenAPI descriptions for the exact definitions.
 */
@Injectable()
export class KpisService {
  constructor(private readonly dataSource: DataSource) {}

  async report(request: AdminRequest, query: KpiQuery, now = new Date()): Promise<KpiReport> {
    const { tenantId } = principalOf(request);
    const { from, to } = period(query, now);
    const windowText = query.falsePositiveWindow ?? DEFAULT_FALSE_POSITIVE_WINDOW;
    const windowMs = parseDuration(windowText);
    if (windowMs === undefined)
      throw invalid('falsePositiveWindow', 'must be a duration such as 15m, 1h or 1h30m');

    // Only the columns the numbers need: a period holds as many rows as incidents were opened.
    const incidents = await this.dataSource
      .getRepository(IncidentRecord)
      .createQueryBuilder('incident')
      .select([
        'incident.id',
        'incident.status',
        'incident.openedAt',
        'incident.resolvedAt',
        'incident.humanSteps',
        'incident.actions',
        'incident.escalated',
      ])
      .where('incident.tenantId = :tenantId', { tenantId })
      .andWhere('incident.openedAt >= :from AND incident.openedAt < :to', { from, to })
      .getMany();

    const resolved = incidents.filter((incident) => incident.status === 'resolved' && incident.resolvedAt);
    const timeToResolve = (incident: IncidentRecord) =>
      incident.resolvedAt!.getTime() - incident.openedAt.getTime();
    const automated = incidents.filter((incident) => incident.humanSteps === 0).length;
    const remediated = resolved.filter(
      (incident) => incident.actions > 0 && incident.humanSteps === 0,
    ).length;
    const falsePositives = resolved.filter(
      (incident) => incident.actions === 0 && timeToResolve(incident) <= windowMs,
    ).length;
    const totalMs = resolved.reduce((sum, incident) => sum + timeToResolve(incident), 0);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      falsePositiveWindow: formatDuration(windowMs),
      incidents: incidents.length,
      resolved: resolved.length,
      mttrSeconds: resolved.length === 0 ? null : Math.round(totalMs / resolved.length) / 1000,
      automated,
      automationCoverage: share(automated, incidents.length),
      autonomouslyRemediated: remediated,
      autonomousRemediationRate: share(remediated, resolved.length),
      escalations: incidents.filter((incident) => incident.escalated).length,
      falsePositives,
      falsePositiveRate: share(falsePositives, resolved.length),
    };
  }
}

/** [from, to): both given, or the 7 days up to now. */
function period(query: KpiQuery, now: Date): { from: Date; to: Date } {
  if (query.from === undefined && query.to === undefined)
    return { from: new Date(now.getTime() - DEFAULT_PERIOD_MS), to: now };
  if (query.from === undefined)
    throw invalid('from', 'is required with to (or leave both out for the last 7 days)');
  if (query.to === undefined)
    throw invalid('to', 'is required with from (or leave both out for the last 7 days)');
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (Number.isNaN(from.getTime())) throw invalid('from', 'must be an ISO 8601 timestamp');
  if (Number.isNaN(to.getTime())) throw invalid('to', 'must be an ISO 8601 timestamp');
  if (from.getTime() >= to.getTime()) throw invalid('to', 'must be after from');
  return { from, to };
}
