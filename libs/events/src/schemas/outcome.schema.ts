import { IsBoolean, IsIn, IsInt, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsText, IsTimestamp, OptionalField } from './validation.decorators';

export const OUTCOMES = ['resolved', 'escalated', 'false_positive', 'failed', 'remediated'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Data of `orch.outcome.recorded`: how a run ended, for the learn step (MTTR, automation
 * coverage, autonomous remediation rate, false-positive rate, escalations).
 */
@JSONSchema({
  description: 'The outcome of an orchestrator run (data of io.switchboard.orch.outcome.recorded).',
})
export class OutcomeData {
  @IsText()
  runId!: string;

  @OptionalField()
  @IsText()
  incidentId?: string;

  @IsIn(OUTCOMES)
  outcome!: Outcome;

  /** Steps a human had to take (approvals, manual actions); 0 for a fully automated run. */
  @IsInt()
  @Min(0)
  humanSteps!: number;

  /** True when no human acted. */
  @IsBoolean()
  automated!: boolean;

  @IsTimestamp()
  startedAt!: string;

  @IsTimestamp()
  endedAt!: string;

  @IsInt()
  @Min(0)
  durationMs!: number;

  @OptionalField()
  @IsText()
  detail?: string;
}
