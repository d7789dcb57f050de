import {
  createEvent,
  formatEventType,
  IsRecord,
  IsText,
  IsTextMatching,
  Nested,
  OptionalField,
  PersonRef,
  registerEventType,
  type CloudEvent,
} from '@switchboard/events';
import { IsBoolean, IsIn, IsInt, Min } from 'class-validator';

/** Connector actions are `<entity>.<verb>`, the words of the command type (`ticket.create`). */
export const ACTION_PATTERN = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

/** `ticket.create` → `io.switchboard.cmd.ticket.create.v1`. */
export function commandType(action: string): string {
  const [entity, verb] = action.split('.');
  return formatEventType({ domain: 'cmd', entity: entity!, verb: verb!, major: 1 });
}

/**
 * Data of a command to a connector instance (`io.switchboard.cmd.<action>.v1`, subject
 * `cmd.<tenant>.<instanceId>.<action>`). The envelope is the same for every action; `input` is
 * validated against the action's input class by the runtime before the handler runs.
 */
export class ConnectorCommandData {
  /** The action's input, as its input schema describes. */
  @IsRecord()
  input!: Record<string, unknown>;

  /**
   * Same key, same effect: the runtime runs a non-idempotent action at most once per instance
   * and key, and answers a repeat with the recorded result.
   */
  @IsText()
  idempotencyKey!: string;

  /** The orchestrator run (and step) this command belongs to. */
  @OptionalField()
  @IsText()
  runId?: string;

  @OptionalField()
  @IsText()
  stepId?: string;

  /** Why (shown in the audit trail and to approvers). */
  @OptionalField()
  @IsText()
  reason?: string;

  @OptionalField()
  @Nested(() => PersonRef)
  requestedBy?: PersonRef;
}

/** How a command ended. */
export const COMMAND_OUTCOMES = ['succeeded', 'failed'] as const;
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

export const COMMAND_SUCCEEDED_TYPE = 'io.switchboard.hub.command.succeeded.v1';
export const COMMAND_FAILED_TYPE = 'io.switchboard.hub.command.failed.v1';

/** Why a command failed: a code of the hub's error taxonomy and the (redacted) message. */
export class CommandErrorData {
  @IsIn(['retryable', 'rate_limited', 'permanent', 'auth', 'not_found', 'conflict', 'validation'])
  code!: string;

  @IsText()
  message!: string;

  @OptionalField()
  @IsInt()
  @Min(0)
  retryAfterMs?: number;
}

/**
 * Data of `hub.command.succeeded|failed`: the answer to a command, with `causationid` = the
 * command's id and `subject` = its idempotency key, so a waiting flow step finds it.
 */
export class CommandResultData {
  @IsText()
  instanceId!: string;

  @IsText()
  connectorType!: string;

  @IsTextMatching(ACTION_PATTERN, 'be <entity>.<verb>, e.g. ticket.create')
  action!: string;

  @IsText()
  idempotencyKey!: string;

  @IsText()
  commandId!: string;

  @IsIn(COMMAND_OUTCOMES)
  outcome!: CommandOutcome;

  @OptionalField()
  @IsText()
  runId?: string;

  @OptionalField()
  @IsText()
  stepId?: string;

  /** The action's output (on success), as its output schema describes. */
  @OptionalField()
  @IsRecord()
  output?: Record<string, unknown>;

  @OptionalField()
  @Nested(() => CommandErrorData)
  error?: CommandErrorData;

  /** True when the result was recorded by an earlier run of the same idempotency key. */
  @OptionalField()
  @IsBoolean()
  replayed?: boolean;
}

registerEventType({
  type: COMMAND_SUCCEEDED_TYPE,
  dataClass: CommandResultData,
  description: 'A connector command succeeded; output as the action declares it.',
});
registerEventType({
  type: COMMAND_FAILED_TYPE,
  dataClass: CommandResultData,
  description: 'A connector command failed for good (or was refused); error says why.',
});

/** Registers the command type of `action` (idempotent). Called for every action of a defined connector. */
export function registerCommandType(action: string): string {
  const type = commandType(action);
  registerEventType({
    type,
    dataClass: ConnectorCommandData,
    description: `Command: ${action}, addressed to a connector instance.`,
  });
  return type;
}

export interface CommandInput<TInput> {
  tenantId: string;
  instanceId: string;
  action: string;
  input: TInput;
  idempotencyKey: string;
  /** Who sends it: `/hub/orchestrator`, `/hub/admin-api`. */
  source: string;
  runId?: string;
  stepId?: string;
  reason?: string;
  correlationid?: string;
  causationid?: string;
}

/** A command event ready for `bus.publish(event, { subject: commandSubject(...) })`. */
export function createCommand<TInput extends object>(
  command: CommandInput<TInput>,
): CloudEvent<ConnectorCommandData> {
  const type = registerCommandType(command.action);
  return createEvent<ConnectorCommandData>({
    type,
    source: command.source,
    subject: command.idempotencyKey,
    tenantid: command.tenantId,
    partitionkey: command.idempotencyKey,
    correlationid: command.correlationid,
    causationid: command.causationid,
    data: {
      input: command.input as Record<string, unknown>,
      idempotencyKey: command.idempotencyKey,
      runId: command.runId,
      stepId: command.stepId,
      reason: command.reason,
    },
  });
}
