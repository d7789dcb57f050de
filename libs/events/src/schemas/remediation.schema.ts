import { IsIn } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { PERSON_REF_REQUIRED, PersonRef, RESOURCE_REF_REQUIRED, ResourceRef } from './common.schema';
import {
  IsRecord,
  IsText,
  IsTextMatching,
  IsTimestamp,
  Nested,
  OptionalField,
} from './validation.decorators';

/** Remediation actions are `<entity>.<verb>`, the same words as the command type (`resource.restart`). */
export const REMEDIATION_ACTION_PATTERN = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
const ACTION_EXPECTED = 'be <entity>.<verb>, e.g. resource.restart';

/**
 * Data of a remediation command, `io.switchboard.cmd.<entity>.<verb>.v1` (e.g.
 * `cmd.resource.restart`), addressed to the connector instance that can carry it out.
 */
@JSONSchema({ description: 'A remediation command (data of io.switchboard.cmd.*).' })
export class RemediationCommandData {
  /** Mirrors the command type: `resource.restart` for `io.switchboard.cmd.resource.restart.v1`. */
  @IsTextMatching(REMEDIATION_ACTION_PATTERN, ACTION_EXPECTED)
  action!: string;

  @Nested(() => ResourceRef, { nonEmptyObject: RESOURCE_REF_REQUIRED })
  target!: ResourceRef;

  /** Action-specific arguments; values are any JSON. */
  @OptionalField()
  @IsRecord()
  parameters?: Record<string, unknown>;

  /** Same key, same effect: the connector performs the action at most once per key. */
  @IsText()
  idempotencyKey!: string;

  /** The orchestrator run this command belongs to. */
  @OptionalField()
  @IsText()
  runId?: string;

  /** Why (shown in the audit trail and to approvers). */
  @OptionalField()
  @IsText()
  reason?: string;

  @OptionalField()
  @Nested(() => PersonRef, { nonEmptyObject: PERSON_REF_REQUIRED })
  requestedBy?: PersonRef;
}

export const REMEDIATION_STATUSES = ['requested', 'started', 'succeeded', 'failed', 'compensated'] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

/** Why a remediation failed. */
export class RemediationError {
  /** An error code from the hub's taxonomy (`retryable`, `permanent`, `auth`, …) or the origin's. */
  @IsText()
  code!: string;

  @IsText()
  message!: string;
}

/** Data of `ops.remediation.requested|started|succeeded|failed|compensated`. */
@JSONSchema({ description: 'A remediation run step (data of io.switchboard.ops.remediation.*).' })
export class RemediationData {
  @IsText()
  runId!: string;

  @IsTextMatching(REMEDIATION_ACTION_PATTERN, ACTION_EXPECTED)
  action!: string;

  @Nested(() => ResourceRef, { nonEmptyObject: RESOURCE_REF_REQUIRED })
  target!: ResourceRef;

  /** Matches the event verb. */
  @IsIn(REMEDIATION_STATUSES)
  status!: RemediationStatus;

  /** Present on `failed` (and on `compensated` when the compensation followed a failure). */
  @OptionalField()
  @Nested(() => RemediationError)
  error?: RemediationError;

  @OptionalField()
  @IsTimestamp()
  startedAt?: string;

  @OptionalField()
  @IsTimestamp()
  endedAt?: string;

  /** Human-readable detail (what was done, what the target answered). */
  @OptionalField()
  @IsText()
  detail?: string;
}
