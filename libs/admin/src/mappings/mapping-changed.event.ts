import { createEvent, IsText, registerEventType, type CloudEvent } from '@switchboard/events';
import { IsIn, IsInt, Min } from 'class-validator';
import { ADMIN_API_EVENT_SOURCE } from '../instances/instance-changed.event';

export const MAPPING_CHANGED_EVENT_TYPE = 'io.switchboard.hub.mapping.changed.v1';

export const MAPPING_CHANGES = ['created', 'updated', 'deleted'] as const;
export type MappingChange = (typeof MAPPING_CHANGES)[number];

/** Data of `mapping.changed`: which mapping and which version is now current; never the definition. */
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

registerEventType({
  type: MAPPING_CHANGED_EVENT_TYPE,
  dataClass: MappingChangedData,
  description: 'A mapping was created, got a new version, or was deleted.',
});

/** The event announcing a change to a mapping of `tenantId`. */
export function mappingChangedEvent(
  tenantId: string,
  data: MappingChangedData,
): CloudEvent<MappingChangedData> {
  return createEvent({
    type: MAPPING_CHANGED_EVENT_TYPE,
    source: ADMIN_API_EVENT_SOURCE,
    subject: data.mappingId,
    tenantid: tenantId,
    data,
  });
}
