import { isDeepStrictEqual } from 'node:util';
import type { FieldChange, PersonRef } from '@switchboard/events';
import type { JiraChangelogItem } from '../api/jira-api.types';
import { asRecord, text } from '../api/jira-json';
import type { MappingContext } from './mapping-context';
import { richText } from './rich-text';

/** A field path of the canonical ticket, or of a Jira custom field (`customFields.jira.customfield_10010`). */
type Path = string;

/**
 * A changelog as the canonical delta: each item the canonical model knows becomes a change with its
 * old and new value (`null` for none). Status and priority changes carry both the canonical value
 * and the native name (`nativeStatus`). Custom fields go to `customFields.jira.<id>`; system
 * fields the model has no place for (attachments, links, worklogs) and Rank are left out.
 */
export function changesFromChangelog(items: readonly unknown[], mapping: MappingContext): FieldChange[] {
  const changes: FieldChange[] = [];
  const add = (path: Path, old: unknown, next: unknown) => {
    // Two Jira values that read as the same canonical value (To Do → Backlog) change nothing here.
    if (!isDeepStrictEqual(old ?? null, next ?? null))
      changes.push({ path, old: old ?? null, new: next ?? null });
  };
  for (const raw of items) {
    const item = (asRecord(raw) ?? {}) as unknown as JiraChangelogItem;
    const id = (text(item.fieldId) ?? text(item.field) ?? '').toLowerCase();
    const from = own(item, 'fromString');
    // `toString` is also Object.prototype's: read it only as the item's own property.
    const to = own(item, 'toString');
    switch (id) {
      case 'summary':
        add('title', from, to);
        break;
      case 'description':
        add(
          'description',
          from === null ? null : (richText(from)?.markdown ?? null),
          to === null ? null : (richText(to)?.markdown ?? null),
        );
        break;
      case 'status':
        add('status', mapping.maps.statusOfName(from), mapping.maps.statusOfName(to));
        add('nativeStatus', from, to);
        break;
      case 'priority':
        add('priority', mapping.maps.priorityOf(from), mapping.maps.priorityOf(to));
        add('nativePriority', from, to);
        break;
      case 'assignee':
      case 'reporter':
        add(id, person(item.from, from), person(item.to, to));
        break;
      case 'labels':
        add('labels', words(from), words(to));
        break;
      case 'resolution':
        add('resolution', from, to);
        break;
      case 'issuetype':
        add(
          'kind',
          from === null ? null : mapping.maps.kindOf(from),
          to === null ? null : mapping.maps.kindOf(to),
        );
        break;
      default: {
        const fieldId = text(item.fieldId);
        // Rank is the order of cards on a board: not a change of the ticket.
        if (
          item.fieldtype === 'custom' &&
          fieldId &&
          /^customfield_\d+$/.test(fieldId) &&
          item.field !== 'Rank'
        )
          add(`customFields.jira.${fieldId}`, from ?? item.from, to ?? item.to);
      }
    }
  }
  return changes;
}

function own(item: JiraChangelogItem, name: 'fromString' | 'toString'): string | null {
  const value: unknown = Object.hasOwn(item, name) ? item[name] : null;
  return typeof value === 'string' ? value : null;
}

function person(accountId: string | null | undefined, displayName: string | null): PersonRef | null {
  const ref: PersonRef = {
    ...(text(accountId) && { id: text(accountId) }),
    ...(text(displayName) && { displayName: text(displayName) }),
  };
  return Object.keys(ref).length > 0 ? ref : null;
}

function words(value: string | null): string[] {
  return value === null ? [] : value.split(/\s+/).filter(Boolean);
}
