import type { PersonRef } from '@switchboard/events';
import { asRecord, text } from '../api/jira-json';

/**
 * A Jira user as a canonical person: `id` is the accountId (Jira Cloud's only stable id),
 * `userName` the legacy name where a payload still carries one. Undefined for no user.
 */
export function personRef(value: unknown): PersonRef | undefined {
  const user = asRecord(value);
  if (!user) return undefined;
  const email = text(user.emailAddress);
  const person: PersonRef = {
    ...(text(user.accountId) && { id: text(user.accountId) }),
    ...(text(user.name) && { userName: text(user.name) }),
    ...(email && /^[^\s@]+@[^\s@]+$/.test(email) && { email }),
    ...(text(user.displayName) && { displayName: text(user.displayName) }),
  };
  return Object.keys(person).length > 0 ? person : undefined;
}
