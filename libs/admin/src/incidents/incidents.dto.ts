import { ApiPropertyOptional } from '@nestjs/swagger';
import type { ExternalRef } from '@switchboard/events';
import type { IncidentStatus, RunStatus } from '@switchboard/persistence';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../core/pagination';

export const INCIDENT_STATUSES: readonly IncidentStatus[] = ['open', 'resolved'];
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]+$/u;

/** `GET /api/v1/incidents?…`: every filter given must match; `limit` and `cursor` as on every list. */
export class IncidentListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INCIDENT_STATUSES, example: 'open' })
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;

  @ApiPropertyOptional({
    description: "The alert's dedupKey: every episode of one alert.",
    example: '5f2c9a1e7b3d4c10',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'dedupKey must not contain control characters' })
  dedupKey?: string;

  @ApiPropertyOptional({
    description: 'Incidents opened at or after this instant (ISO 8601).',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    description: 'Incidents opened strictly before this instant (ISO 8601).',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** An incident as lists show it: one alert episode and what was done about it. */
export interface IncidentSummaryView {
  id: string;
  dedupKey: string;
  episodeId: string;
  status: IncidentStatus;
  severity: string;
  title: string;
  /** Alert notifications seen in this episode. */
  occurrences: number;
  /** The ticket tracking it, once linked. */
  ticket: ExternalRef | null;
  /** Steps that needed a person. */
  humanSteps: number;
  /** Act steps that succeeded for it. */
  actions: number;
  escalated: boolean;
  openedAt: string;
  resolvedAt: string | null;
  updatedAt: string;
}

/** One alert notification of the episode. */
export interface IncidentAlertView {
  eventId: string;
  type: string;
  severity: string | null;
  at: string;
}

/** A ticket linked to the incident by a run. */
export interface IncidentTicketLinkView {
  ticket: ExternalRef;
  /** The act step that linked it. */
  stepId: string | null;
  linkedAt: string;
}

export interface IncidentRunView {
  id: string;
  flowId: string;
  flowName: string;
  flowVersion: number;
  status: RunStatus;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface IncidentTimelineView {
  seq: number;
  at: string;
  /** `alert.triggered`, `alert.refired`, `alert.resolved`, `run.started`, `ticket.linked`, `approval.requested`, … */
  kind: string;
  detail: Record<string, unknown>;
}

/** `GET /api/v1/incidents/:id`. */
export interface IncidentDetailView extends IncidentSummaryView {
  alerts: IncidentAlertView[];
  tickets: IncidentTicketLinkView[];
  runs: IncidentRunView[];
  timeline: IncidentTimelineView[];
}
