import {
  PRIORITY_NUMBER,
  TICKET_PRIORITIES,
  type TicketKind,
  type TicketPriority,
  type TicketStatus,
} from '@switchboard/events';
import type { RedmineConfig } from '../redmine.config';

/** Redmine's default statuses (`rake redmine:load_default_data`, English). */
export const DEFAULT_STATUS_MAP: Readonly<Record<string, TicketStatus>> = Object.freeze({
  New: 'new',
  'In Progress': 'in_progress',
  Resolved: 'resolved',
  Feedback: 'on_hold',
  Closed: 'closed',
  Rejected: 'canceled',
});

/**
 * Redmine's default priorities. Redmine has two levels above High; ITIL has one, so both are
 * critical, and a critical written by the hub becomes Immediate (listed first).
 */
export const DEFAULT_PRIORITY_MAP: Readonly<Record<string, TicketPriority>> = Object.freeze({
  Immediate: 'critical',
  Urgent: 'critical',
  High: 'high',
  Normal: 'medium',
  Low: 'low',
});

/** Redmine's default trackers. */
export const DEFAULT_TRACKER_KINDS: Readonly<Record<string, TicketKind>> = Object.freeze({
  Bug: 'incident',
  Support: 'service_request',
  Feature: 'change',
});

const key = (name: string) => name.trim().toLowerCase();

/**
 * Redmine names ↔ canonical values: an instance's entries over the defaults, names compared
 * case-insensitively. Reading, a name gives its value; writing, a value gives the names mapped to
 * it, the instance's first, in the order they are written.
 */
export class NameMap<T extends string> {
  readonly #byName = new Map<string, T>();
  readonly #names: [string, T][] = [];

  constructor(defaults: Readonly<Record<string, T>>, overrides: Readonly<Record<string, T>> | undefined) {
    for (const [name, value] of Object.entries(overrides ?? {})) this.#add(name, value);
    for (const [name, value] of Object.entries(defaults)) this.#add(name, value);
  }

  #add(name: string, value: T): void {
    if (this.#byName.has(key(name))) return;
    this.#byName.set(key(name), value);
    this.#names.push([name, value]);
  }

  /** The canonical value of a Redmine name, if it is mapped. */
  valueOf(name: string): T | undefined {
    return this.#byName.get(key(name));
  }

  /** The Redmine names mapped to `value`, preferred first. */
  namesOf(value: T): string[] {
    return this.#names.filter(([, mapped]) => mapped === value).map(([name]) => name);
  }
}

/** The value maps of one instance config. */
export interface ValueMaps {
  statuses: NameMap<TicketStatus>;
  priorities: NameMap<TicketPriority>;
  trackers: NameMap<TicketKind>;
}

// Built once per config object (an instance's config is immutable until it is reloaded).
const built = new WeakMap<RedmineConfig, ValueMaps>();

export function valueMapsOf(config: RedmineConfig): ValueMaps {
  let maps = built.get(config);
  if (!maps) {
    maps = {
      statuses: new NameMap(DEFAULT_STATUS_MAP, config.statusMap),
      priorities: new NameMap(DEFAULT_PRIORITY_MAP, config.priorityMap),
      trackers: new NameMap(DEFAULT_TRACKER_KINDS, config.trackerKinds),
    };
    built.set(config, maps);
  }
  return maps;
}

/**
 * The canonical status of a Redmine status: mapped by name, else by whether Redmine counts it as
 * closed (a custom "Waiting" status is open, a custom "Duplicate" closed).
 */
export function canonicalStatus(maps: ValueMaps, name: string, isClosed: boolean | undefined): TicketStatus {
  return maps.statuses.valueOf(name) ?? (isClosed ? 'closed' : 'open');
}

/** The canonical priority of a Redmine priority; an unmapped one is medium (Redmine's Normal). */
export function canonicalPriority(maps: ValueMaps, name: string): TicketPriority {
  return maps.priorities.valueOf(name) ?? 'medium';
}

export function canonicalKind(maps: ValueMaps, config: RedmineConfig, trackerName: string): TicketKind {
  return maps.trackers.valueOf(trackerName) ?? config.defaultKind;
}

/**
 * The Redmine priority names to try for a canonical priority: those mapped to it, else those of
 * the nearest mapped priority (more urgent first on a tie), so `planning` becomes Low by default.
 */
export function priorityNamesFor(maps: ValueMaps, priority: TicketPriority): string[] {
  const exact = maps.priorities.namesOf(priority);
  if (exact.length > 0) return exact;
  const rank = PRIORITY_NUMBER[priority];
  const nearest = [...TICKET_PRIORITIES]
    .filter((candidate) => maps.priorities.namesOf(candidate).length > 0)
    .sort(
      (a, b) =>
        Math.abs(PRIORITY_NUMBER[a] - rank) - Math.abs(PRIORITY_NUMBER[b] - rank) ||
        PRIORITY_NUMBER[a] - PRIORITY_NUMBER[b],
    )[0];
  return nearest ? maps.priorities.namesOf(nearest) : [];
}
