import { asRecord, text } from './jira-json';

/**
 * Echo suppression. Every write of the connector carries `historyMetadata` whose cause is the
 * command's idempotency key; Jira keeps it on the changelog and sends it back in the webhook, where
 * it becomes the event's `originchangeid`, so the sync engine recognises its own change.
 */
export const SWITCHBOARD_CAUSE_TYPE = 'io.switchboard.command';

/** The `historyMetadata` of a write made for `changeId` (the command's idempotency key). */
export function historyMetadata(changeId: string): Record<string, unknown> {
  return {
    type: 'io.switchboard:sync',
    activityDescription: 'Switchboard',
    cause: { id: changeId, type: SWITCHBOARD_CAUSE_TYPE },
  };
}

/** The change id of a changelog written by the connector, else undefined. */
export function switchboardChangeId(changelog: unknown): string | undefined {
  const cause = asRecord(asRecord(asRecord(changelog)?.historyMetadata)?.cause);
  return cause?.type === SWITCHBOARD_CAUSE_TYPE ? text(cause.id) : undefined;
}
