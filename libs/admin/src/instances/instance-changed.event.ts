import { createEvent, IsText, registerEventType, type CloudEvent } from '@switchboard/events';
import { IsIn, IsInt, Min } from 'class-validator';

export const INSTANCE_CHANGED_EVENT_TYPE = 'io.switchboard.hub.instance.changed.v1';
/** Where the admin API's events come from. */
export const ADMIN_API_EVENT_SOURCE = '/hub/admin-api';

export const INSTANCE_CHANGES = ['created', 'updated', 'deleted', 'enabled', 'disabled'] as const;
export type InstanceChange = (typeof INSTANCE_CHANGES)[number];

/** Data of `instance.changed`: enough for a runtime to reload the instance, never its config. */
export class InstanceChangedData {
  @IsText()
  instanceId!: string;

  @IsText()
  connectorType!: string;

  @IsIn(INSTANCE_CHANGES)
  change!: InstanceChange;

  /** The instance's version after the change (the last version for `deleted`). */
  @IsInt()
  @Min(1)
  version!: number;
}

registerEventType({
  type: INSTANCE_CHANGED_EVENT_TYPE,
  dataClass: InstanceChangedData,
  description: 'A connector instance was created, changed, enabled, disabled or deleted; runtimes reload it.',
});

/** The event announcing a change to an instance of `tenantId`. */
export function instanceChangedEvent(
  tenantId: string,
  data: InstanceChangedData,
): CloudEvent<InstanceChangedData> {
  return createEvent({
    type: INSTANCE_CHANGED_EVENT_TYPE,
    source: ADMIN_API_EVENT_SOURCE,
    subject: data.instanceId,
    tenantid: tenantId,
    data,
  });
}
