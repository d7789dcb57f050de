import { SwitchboardError } from '@switchboard/errors';
import { v7 as uuidv7 } from 'uuid';
import { getEventTypeDefinition } from '../registry';
import type { CloudEvent } from './cloud-event';

/** Attributes {@link createEvent} fills in; everything else may be passed. */
type FilledAttributes = 'specversion' | 'datacontenttype';

/**
 * Input of {@link createEvent}: `type`, `source`, `subject` and `data`, plus any optional
 * attribute or extension. `id` (fresh UUIDv7), `time` (now) and `dataschema` (from the registry)
 * are filled in unless given; pass the original `id` when re-sending the same event.
 */
export type CreateEventInput<TData> = Pick<CloudEvent<TData>, 'type' | 'source' | 'subject' | 'data'> &
  Partial<Omit<CloudEvent<TData>, FilledAttributes | 'type' | 'source' | 'subject' | 'data'>>;

const ENVELOPE_HEAD = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'datacontenttype',
  'dataschema',
  'data',
]);

/**
 * Builds an event envelope around `data`. Does not validate (the bus validates on publish; call
 * `assertValidEvent` to check earlier). Throws a `validation` SwitchboardError when `type` is not
 * registered and no `dataschema` is given.
 */
export function createEvent<TData>(input: CreateEventInput<TData>): CloudEvent<TData> {
  const dataschema = input.dataschema ?? getEventTypeDefinition(input.type)?.dataschema;
  if (dataschema === undefined) {
    const message = `unknown event type ${input.type}`;
    throw SwitchboardError.validation(
      `Cannot create event: ${message} (register it with registerEventType)`,
      [{ path: 'type', message }],
    );
  }
  const event: Record<string, unknown> = {
    specversion: '1.0',
    id: input.id ?? uuidv7(),
    source: input.source,
    type: input.type,
    subject: input.subject,
    time: input.time ?? new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema,
  };
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined && !ENVELOPE_HEAD.has(key)) event[key] = value;
  }
  // `data` last, as in the CloudEvents JSON examples.
  event.data = input.data;
  return event as unknown as CloudEvent<TData>;
}
