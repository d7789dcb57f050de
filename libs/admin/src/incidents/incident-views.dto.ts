import { ApiProperty } from '@nestjs/swagger';
import type { IncidentStatus, RunStatus } from '@switchboard/persistence';
import { RUN_STATUSES } from '../runs/runs.dto';
import {
  INCIDENT_STATUSES,
  type IncidentAlertView,
  type IncidentDetailView,
  type IncidentRunView,
  type IncidentSummaryView,
  type IncidentTicketLinkView,
  type IncidentTimelineView,
} from './incidents.dto';

// Response shapes for the OpenAPI document: the interfaces in incidents.dto.ts are what the code
// returns; these classes describe the same shapes, with examples, for the docs.

const INCIDENT_ID = '0193a1f3-1d2e-7c3f-8a4b-5c6d7e8f9a0b';

export class TicketRefDto {
  @ApiProperty({ description: 'Connector type.', example: 'redmine' })
  system!: string;

  @ApiProperty({ required: false, example: '0193a1f1-0000-7000-8000-000000000001' })
  instanceId?: string;

  @ApiProperty({ description: "The ticket's key in that system.", example: '42' })
  id!: string;

  @ApiProperty({ required: false, example: 'https://redmine.example.org/issues/42' })
  url?: string;
}

export class IncidentSummaryDto implements IncidentSummaryView {
  @ApiProperty({ example: INCIDENT_ID })
  id!: string;

  @ApiProperty({ description: "The alert's stable fingerprint.", example: '5f2c9a1e7b3d4c10' })
  dedupKey!: string;

  @ApiProperty({
    description: 'This occurrence of the alert; a firing after a resolve is a new episode.',
    example: '5f2c9a1e7b3d4c10@2',
  })
  episodeId!: string;

  @ApiProperty({ enum: INCIDENT_STATUSES, example: 'resolved' })
  status!: IncidentStatus;

  @ApiProperty({ example: 'high' })
  severity!: string;

  @ApiProperty({ example: 'Disk almost full' })
  title!: string;

  @ApiProperty({ description: 'Alert notifications seen in this episode.', example: 3 })
  occurrences!: number;

  @ApiProperty({ type: TicketRefDto, nullable: true, description: 'The ticket tracking it, once linked.' })
  ticket!: TicketRefDto | null;

  @ApiProperty({ description: 'Steps that needed a person (approvals).', example: 0 })
  humanSteps!: number;

  @ApiProperty({ description: 'Act steps that succeeded for it.', example: 2 })
  actions!: number;

  @ApiProperty({ description: 'A decide step chose `escalate`.', example: false })
  escalated!: boolean;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:41.000Z' })
  openedAt!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-11-22T07:42:10.000Z' })
  resolvedAt!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:42:10.300Z' })
  updatedAt!: string;
}

export class IncidentPageDto {
  @ApiProperty({ type: [IncidentSummaryDto] })
  items!: IncidentSummaryDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last.',
    example: null,
  })
  nextCursor!: string | null;
}

export class IncidentAlertDto implements IncidentAlertView {
  @ApiProperty({ example: '0193a1f4-2a00-7000-8000-00000000e001' })
  eventId!: string;

  @ApiProperty({ example: 'io.switchboard.ops.alert.triggered.v1' })
  type!: string;

  @ApiProperty({ nullable: true, type: String, example: 'high' })
  severity!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:43.120Z' })
  at!: string;
}

export class IncidentTicketLinkDto implements IncidentTicketLinkView {
  @ApiProperty({ type: TicketRefDto })
  ticket!: TicketRefDto;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The act step that linked it.',
    example: 'create',
  })
  stepId!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:44.010Z' })
  linkedAt!: string;
}

export class IncidentRunDto implements IncidentRunView {
  @ApiProperty({ example: '0193a1f4-2b3c-7d4e-8f5a-6b7c8d9e0f1a' })
  id!: string;

  @ApiProperty({ example: '0193a1f2-7c4e-7b21-9a0d-5e8f3c2b1a40' })
  flowId!: string;

  @ApiProperty({ example: 'alerts-to-redmine' })
  flowName!: string;

  @ApiProperty({ example: 2 })
  flowVersion!: number;

  @ApiProperty({ enum: RUN_STATUSES, example: 'succeeded' })
  status!: RunStatus;

  @ApiProperty({ nullable: true, type: String, example: null })
  error!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:43.120Z' })
  createdAt!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-11-22T07:15:44.020Z' })
  finishedAt!: string | null;
}

export class IncidentTimelineDto implements IncidentTimelineView {
  @ApiProperty({ example: 4 })
  seq!: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:44.010Z' })
  at!: string;

  @ApiProperty({
    description:
      '`alert.triggered`, `alert.refired`, `alert.resolved`, `run.started`, `ticket.linked`, `action.succeeded`, `approval.requested|approved|rejected|expired`, `run.succeeded|failed`.',
    example: 'ticket.linked',
  })
  kind!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { ticket: { system: 'redmine', id: '42' }, step: 'create' },
  })
  detail!: Record<string, unknown>;
}

export class IncidentDetailDto extends IncidentSummaryDto implements IncidentDetailView {
  @ApiProperty({
    type: [IncidentAlertDto],
    description: 'The alert notifications of the episode, oldest first.',
  })
  alerts!: IncidentAlertDto[];

  @ApiProperty({ type: [IncidentTicketLinkDto], description: 'Tickets runs linked to it, oldest first.' })
  tickets!: IncidentTicketLinkDto[];

  @ApiProperty({ type: [IncidentRunDto], description: 'Runs about it, oldest first.' })
  runs!: IncidentRunDto[];

  @ApiProperty({ type: [IncidentTimelineDto], description: 'Oldest first.' })
  timeline!: IncidentTimelineDto[];
}
