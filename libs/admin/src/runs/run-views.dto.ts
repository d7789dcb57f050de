import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RunStatus, StepStatus } from '@switchboard/persistence';
import {
  RUN_STATUSES,
  STEP_STATUSES,
  type RunDetailView,
  type RunStepView,
  type RunSummaryView,
  type RunTimelineEntry,
} from './runs.dto';

// Response shapes for the OpenAPI document: the interfaces in runs.dto.ts are what the code
// returns; these classes describe the same shapes, with examples, for the docs.

const RUN_ID = '0193a1f4-2b3c-7d4e-8f5a-6b7c8d9e0f1a';
const FLOW_ID = '0193a1f2-7c4e-7b21-9a0d-5e8f3c2b1a40';

export class RunTriggerDto {
  @ApiProperty({
    description: 'Id of the event that started the run.',
    example: '0193a1f4-2a00-7000-8000-00000000e001',
  })
  eventId!: string;

  @ApiProperty({ example: 'io.switchboard.ops.alert.triggered.v1' })
  type!: string;
}

export class RunSummaryDto implements RunSummaryView {
  @ApiProperty({ example: RUN_ID })
  id!: string;

  @ApiProperty({ example: FLOW_ID })
  flowId!: string;

  @ApiProperty({
    description: "The flow's name in the version the run pinned.",
    example: 'alerts-to-redmine',
  })
  flowName!: string;

  @ApiProperty({ description: 'The flow version the run pinned when it started.', example: 2 })
  flowVersion!: number;

  @ApiProperty({
    enum: RUN_STATUSES,
    description:
      '`queued` (another run of the same incident goes first), `running`, `waiting` (for a command result, an approval or a retry), `succeeded`, `failed`, `canceled`.',
    example: 'succeeded',
  })
  status!: RunStatus;

  @ApiProperty({ type: RunTriggerDto })
  trigger!: RunTriggerDto;

  @ApiProperty({ nullable: true, type: String, example: '0193a1f3-1d2e-7c3f-8a4b-5c6d7e8f9a0b' })
  incidentId!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why it failed, in one sentence; null unless failed.',
    example: null,
  })
  error!: string | null;

  @ApiProperty({ description: 'Steps that waited for a person (approvals).', example: 0 })
  humanSteps!: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:43.120Z' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:44.020Z' })
  updatedAt!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-11-22T07:15:44.020Z' })
  finishedAt!: string | null;
}

export class RunPageDto {
  @ApiProperty({ type: [RunSummaryDto] })
  items!: RunSummaryDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last.',
    example: null,
  })
  nextCursor!: string | null;
}

export class StepErrorDto {
  @ApiProperty({ description: 'An error code of the hub’s taxonomy, or `rejected`.', example: 'validation' })
  code!: string;

  @ApiProperty({ example: 'Invalid input for ticket.create: input.title must be a non-empty string' })
  message!: string;
}

export class RunStepDto implements RunStepView {
  @ApiProperty({ example: 'create' })
  id!: string;

  @ApiProperty({ description: 'Position in the flow, from 0.', example: 1 })
  seq!: number;

  @ApiProperty({ enum: ['enrich', 'decide', 'act', 'approve'], example: 'act' })
  kind!: string;

  @ApiProperty({ enum: STEP_STATUSES, example: 'succeeded' })
  state!: StepStatus;

  @ApiProperty({ description: 'Attempt of the command (retries count up).', example: 1 })
  attempt!: number;

  @ApiProperty({ nullable: true, type: String, example: '0193a1f1-0000-7000-8000-000000000001' })
  instanceId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'ticket.create' })
  action!: string | null;

  @ApiProperty({
    nullable: true,
    description: 'The command input sent (secret-looking fields redacted).',
    example: { title: '[high] Disk almost full on db-1', priority: 'high', kind: 'incident' },
  })
  input!: unknown;

  @ApiProperty({
    nullable: true,
    description: 'What the command answered.',
    example: { ticket: { system: 'redmine', id: '42' }, created: true },
  })
  output!: unknown;

  @ApiProperty({ type: StepErrorDto, nullable: true, example: null })
  error!: StepErrorDto | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'Decide steps: outcome, the rule that matched (index, or `default: true`), its condition and why. Skipped steps: why.',
    example: {
      outcome: 'create',
      rule: 4,
      because: 'A new episode of the alert has no ticket yet: open one.',
    },
  })
  explanation!: Record<string, unknown> | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-11-22T07:15:43.130Z' })
  startedAt!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-11-22T07:15:44.010Z' })
  finishedAt!: string | null;

  @ApiProperty({ nullable: true, type: Number, example: 880 })
  durationMs!: number | null;
}

export class RunTimelineEntryDto implements RunTimelineEntry {
  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:43.131Z' })
  at!: string;

  @ApiProperty({
    description:
      '`run.started`/`run.queued`, `step.started`, `decision`, `step.succeeded|failed|skipped|dispatched|awaiting_approval`, `approval.requested|approved|rejected|expired`, `run.succeeded|failed`.',
    example: 'decision',
  })
  event!: string;

  @ApiPropertyOptional({ example: 'route' })
  stepId?: string;

  @ApiProperty({ example: 'route decided create: A new episode of the alert has no ticket yet: open one.' })
  summary!: string;
}

export class PinnedFlowDto {
  @ApiProperty({ example: FLOW_ID })
  id!: string;

  @ApiProperty({ example: 'alerts-to-redmine' })
  name!: string;

  @ApiProperty({ example: 2 })
  version!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The definition of that version, as the run executes it.',
    example: { name: 'alerts-to-redmine', trigger: { events: ['io.switchboard.ops.alert.triggered.v1'] } },
  })
  definition!: Record<string, unknown>;
}

export class RunDetailDto extends RunSummaryDto implements RunDetailView {
  @ApiProperty({ type: PinnedFlowDto })
  flow!: PinnedFlowDto;

  @ApiProperty({ type: [RunStepDto], description: 'In flow order.' })
  steps!: RunStepDto[];

  @ApiProperty({ type: [RunTimelineEntryDto], description: 'Oldest first.' })
  timeline!: RunTimelineEntryDto[];
}
