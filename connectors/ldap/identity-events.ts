import { createHash } from 'node:crypto';
import type { ConnectorEvent } from '@switchboard/connector-sdk';
import { EventType, type GroupData, type UserData } from '@switchboard/events';
import type { AttributeMap } from './attribute-map';
import { dnKey } from './distinguished-names';
import type { DirectoryEntry } from './directory-entry';
import { generalizedTimeToIso } from './generalized-time';
import { entryId } from './user-mapper';

/** The time of entries that carry no timestamp: fixed, so re-reading them repeats their event ids. */
const NO_TIMESTAMP = '1970-01-01T00:00:00Z';

/**
 * `iam.user.upserted`, or `iam.user.deactivated` for an account the disabled rule matches
 * (`data.active` false), about one user entry as it was at its `modifyTimestamp`.
 */
export function userEvent(
  entry: DirectoryEntry,
  data: UserData,
  attributes: AttributeMap,
): ConnectorEvent<UserData> {
  return entryEvent(
    data.active ? EventType.UserUpserted : EventType.UserDeactivated,
    entry,
    data,
    attributes,
  );
}

/** `iam.group.upserted` about one group entry, its members listed. */
export function groupEvent(
  entry: DirectoryEntry,
  data: GroupData,
  attributes: AttributeMap,
): ConnectorEvent<GroupData> {
  return entryEvent(EventType.GroupUpserted, entry, data, attributes);
}

function entryEvent<TData>(
  type: string,
  entry: DirectoryEntry,
  data: TData,
  attributes: AttributeMap,
): ConnectorEvent<TData> {
  const modified = entry.first('modifyTimestamp') ?? entry.first('createTimestamp');
  return {
    type,
    subject: entryId(entry, attributes),
    data,
    time: (modified && generalizedTimeToIso(modified)) ?? NO_TIMESTAMP,
    // The entry as written at that time: re-reading it (the poll's inclusive, overlapping window)
    // repeats the id. The digest tells apart two writes within one second (modifyTimestamp has
    // whole seconds) and a change of what the entry refers to (a manager's new name).
    occurrenceKey: `${dnKey(entry.dn)}@${modified ?? ''}#${digest(data)}`,
  };
}

function digest(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
}
