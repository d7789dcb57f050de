import { IsIn, IsInt, Min } from 'class-validator';
import type { CloudEvent } from '../envelope/cloud-event';
import { createEvent } from '../envelope/create-event';
import { registerEventType } from '../registry';
import { IsText } from '../schemas/validation.decorators';

/**
 * The hub's own announcements of configuration changes: the admin API publishes them, runtimes
 * and orchestrators (separate processes) react. They live here, not in the admin lib, because
 * every process that reads `evt.>` must be able to decode them: an unknown type would be
 * dead-lettered by a consumer, and silently ignored by a watcher.
 */

/** Where the admin API's events come from. */
export const ADMIN_API_EVENT_SOURCE = '/hub/admin-api';

export const INSTANCE_CHANGED_EVENT_TYPE = 'io.switchboard.hub.instance.changed.v1';
export const MAPPING_CHANGED_EVENT_TYPE = 'io.switchboard.hub.mapping.changed.v1';
export const FLOW_CHANGED_EVENT_TYPE = 'io.switchboard.hub.flow.changed.v1';

export const INSTANCE_CHANGES = ['created', 'updated', 'deleted', 'enabled', 'disabled'] as const;
export type InstanceChange = (typeof INSTANCE_CHANGES)[number];
export const MAPPING_CHANGES = ['created', 'updated', 'deleted'] as const;
export type MappingChange = (typeof MAPPING_CHANGES)[number];
export const FLOW_CHANGES = ['created', 'updated', 'deleted', 'enabled', 'disabled'] as const;
export type FlowChange = (typeof FLOW_CHANGES)[number];

/** Data of `hub.instance.changed`: enough for a runtime to reload the instance, never its config. */
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

/** Data of `hub.mapping.changed`: which mapping and which version is now current; never the definition. */
export class MappingChangedData {
  @IsText()
  mappingId!: string;

  @IsText()
  name!: string;

  @IsIn(MAPPING_CHANGES)
  change!: MappingChange;

  /** The version current after the change (the last one for `deleted`). */
  @IsInt()
  @Min(1)
  version!: number;
}

/** Data of `hub.flow.changed`: orchestrators drop their cached flows of the tenant. */
export class FlowChangedData {
  @IsText()
  flowId!: string;

  @IsIn(FLOW_CHANGES)
  change!: FlowChange;

  @IsInt()
  @Min(1)
  version!: number;
}

registerEventType({
  type: INSTANCE_CHANGED_EVENT_TYPE,
  dataClass: InstanceChangedData,
  description: 'A connector instance was created, changed, enabled, disabled or deleted; runtimes reload it.',
});
registerEventType({
  type: MAPPING_CHANGED_EVENT_TYPE,
  dataClass: MappingChangedData,
  description: 'A mapping was created, got a new version, or was deleted.',
});
registerEventType({
  type: FLOW_CHANGED_EVENT_TYPE,
  dataClass: FlowChangedData,
  description: 'A flow was created, changed, enabled, disabled or deleted; orchestrators reload it.',
});

/** The event announcing a change to an instance of `tenantId`. */
export function instanceChangedEvent(
  tenantId: string,
  data: InstanceChangedData,
): CloudEvent<InstanceChangedData> {
  return adminEvent(INSTANCE_CHANGED_EVENT_TYPE, tenantId, data.instanceId, data);
}

/** The event announcing a change to a mapping of `tenantId`. */
export function mappingChangedEvent(
  tenantId: string,
  data: MappingChangedData,
): CloudEvent<MappingChangedData> {
  return adminEvent(MAPPING_CHANGED_EVENT_TYPE, tenantId, data.mappingId, data);
}

/** The event announcing a change to a flow of `tenantId`. */
export function flowChangedEvent(tenantId: string, data: FlowChangedData): CloudEvent<FlowChangedData> {
  return adminEvent(FLOW_CHANGED_EVENT_TYPE, tenantId, data.flowId, data);
}

function adminEvent<T extends object>(
  type: string,
  tenantId: string,
  subject: string,
  data: T,
): CloudEvent<T> {
  return createEvent({ type, source: ADMIN_API_EVENT_SOURCE, subject, tenantid: tenantId, data });
}
