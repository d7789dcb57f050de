import { createEvent, IsText, registerEventType, type CloudEvent } from '@switchboard/events';
import { IsIn, IsInt, Min } from 'class-validator';

export const FLOW_CHANGED_EVENT_TYPE = 'io.switchboard.hub.flow.changed.v1';
export const FLOW_CHANGES = ['created', 'updated', 'deleted', 'enabled', 'disabled'] as const;
export type FlowChange = (typeof FLOW_CHANGES)[number];

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
  type: FLOW_CHANGED_EVENT_TYPE,
  dataClass: FlowChangedData,
  description: 'A flow was created, changed, enabled, disabled or deleted; orchestrators reload it.',
});

export function flowChangedEvent(tenantId: string, data: FlowChangedData): CloudEvent<FlowChangedData> {
  return createEvent({
    type: FLOW_CHANGED_EVENT_TYPE,
    source: '/hub/admin-api',
    subject: data.flowId,
    tenantid: tenantId,
    data,
  });
}
