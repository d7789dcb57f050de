import { ApiPropertyOptional } from '@nestjs/swagger';
import type { RunStatus, StepStatus } from '@switchboard/persistence';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../core/pagination';

export const RUN_STATUSES: readonly RunStatus[] = [
  'queued',
  'running',
  'waiting',
  'succeeded',
  'failed',
  'canceled',
];
export const STEP_STATUSES: readonly StepStatus[] = [
  'pending',
  'dispatched',
  'awaiting_approval',
  'succeeded',
  'failed',
  'skipped',
];

/** `GET /api/v1/runs?…`: every filter given must match; `limit` and `cursor` as on every list. */
export class RunListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Runs of this flow.', example: '0193a1f2-7c4e-7b21-9a0d-5e8f3c2b1a40' })
  @IsOptional()
  @IsUUID()
  flowId?: string;

  @ApiPropertyOptional({ enum: RUN_STATUSES, example: 'failed' })
  @IsOptional()
  @IsIn(RUN_STATUSES)
  status?: RunStatus;

  @ApiPropertyOptional({
    description: 'Runs about this incident.',
    example: '0193a1f3-1d2e-7c3f-8a4b-5c6d7e8f9a0b',
  })
  @IsOptional()
  @IsUUID()
  incidentId?: string;
}

/** A run as lists show it. */
export interface RunSummaryView {
  id: string;
  flowId: string;
  /** The flow's name in the version the run pinned. */
  flowName: string;
  /** The flow version the run pinned when it started; it runs to the end on it. */
  flowVersion: number;
  status: RunStatus;
  trigger: { eventId: string; type: string };
  incidentId: string | null;
  /** Why it failed, in one sentence; null unless failed. */
  error: string | null;
  /** Steps that waited for a person. */
  humanSteps: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** One step of a run, as persisted. Inputs and outputs are command data, redacted all the same. */
export interface RunStepView {
  id: string;
  seq: number;
  kind: string;
  state: StepStatus;
  attempt: number;
  instanceId: string | null;
  action: string | null;
  input: unknown;
  output: unknown;
  error: { code: string; message: string } | null;
  /** Decisions: `{ outcome, rule, because, when }`; skipped steps: `{ because }`. */
  explanation: Record<string, unknown> | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

/** One line of a run's timeline, built from its steps and approvals. */
export interface RunTimelineEntry {
  at: string;
  /** `run.started`, `step.succeeded`, `decision`, `approval.requested`, `run.failed`, … */
  event: string;
  stepId?: string;
  /** What happened, in plain language. */
  summary: string;
}

/** `GET /api/v1/runs/:id`: the run, its steps in order, the version it pinned, and its timeline. */
export interface RunDetailView extends RunSummaryView {
  flow: { id: string; name: string; version: number; definition: Record<string, unknown> };
  steps: RunStepView[];
  timeline: RunTimelineEntry[];
}
