import {
  createEvent,
  IsRecord,
  IsText,
  OptionalField,
  registerEventType,
  type CloudEvent,
} from '@switchboard/events';
import type { CheckResult } from '@switchboard/connector-sdk';
import { IsBoolean, IsIn, IsInt, Min } from 'class-validator';

/**
 * "Test connection" crosses processes: the admin API asks, over request/reply, the connector
 * runtime that hosts the instance to run its `check` hook (the admin API runs no connector code).
 */
export const INSTANCE_CHECK_ACTION = 'instance.check';
export const CHECK_REQUESTED_TYPE = 'io.switchboard.hub.instance.check_requested.v1';
export const CHECKED_TYPE = 'io.switchboard.hub.instance.checked.v1';

export class CheckRequestedData {
  @IsText()
  instanceId!: string;
}

/** The result of a `check` hook, as it travels back. */
export class CheckedData implements CheckResult {
  @IsText()
  instanceId!: string;

  @IsBoolean()
  ok!: boolean;

  @IsIn(['ok', 'auth_failed', 'unreachable', 'rate_limited', 'misconfigured'])
  status!: CheckResult['status'];

  @IsText()
  detail!: string;

  @OptionalField()
  @IsRecord({ stringValues: true })
  remote?: Record<string, string>;

  @OptionalField()
  @IsInt()
  @Min(0)
  retryAfterMs?: number;
}

registerEventType({
  type: CHECK_REQUESTED_TYPE,
  dataClass: CheckRequestedData,
  description: 'Request to the connector runtime: run the check hook of an instance.',
});
registerEventType({
  type: CHECKED_TYPE,
  dataClass: CheckedData,
  description: 'Reply of the connector runtime: the outcome of an instance check hook.',
});

export function checkRequestedEvent(tenantId: string, instanceId: string): CloudEvent<CheckRequestedData> {
  return createEvent({
    type: CHECK_REQUESTED_TYPE,
    source: '/hub/admin-api',
    subject: instanceId,
    tenantid: tenantId,
    data: { instanceId },
  });
}

export function checkedEvent(
  tenantId: string,
  instanceId: string,
  result: CheckResult,
): CloudEvent<CheckedData> {
  return createEvent({
    type: CHECKED_TYPE,
    source: '/hub/connector-runtime',
    subject: instanceId,
    tenantid: tenantId,
    data: { instanceId, ...result },
  });
}
