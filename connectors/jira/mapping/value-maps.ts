import {
  TICKET_KINDS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketKind,
  type TicketPriority,
  type TicketStatus,
} from '@switchboard/events';
import type { JiraConfig } from '../jira.config';

/** Jira's three status categories (`statusCategory.key`). */
export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

/** Status names of Jira's default workflows (Software, Work Management, Service Management). */
export const DEFAULT_STATUS_NAMES: Readonly<Record<TicketStatus, readonly string[]>> = {
  new: ['To Do', 'Backlog', 'New'],
  open: ['Open', 'Reopened', 'Selected for Development', 'Waiting for support'],
  in_progress: ['In Progress', 'Work in progress', 'In Review'],
  on_hold: ['On Hold', 'Pending', 'Waiting for customer', 'Blocked'],
  resolved: ['Resolved', 'Done'],
  closed: ['Closed'],
  canceled: ["Won't Do", 'Canceled', 'Cancelled', 'Declined', 'Rejected'],
};

/** A Jira status no name map knows is read by its category. */
const STATUS_BY_CATEGORY: Readonly<Record<StatusCategoryKey, TicketStatus>> = {
  new: 'new',
  indeterminate: 'in_progress',
  done: 'resolved',
};

/** Where a canonical status lies when no status name of the map is reachable. */
const CATEGORY_OF_STATUS: Readonly<Record<TicketStatus, StatusCategoryKey>> = {
  new: 'new',
  open: 'new',
  in_progress: 'indeterminate',
  on_hold: 'indeterminate',
  resolved: 'done',
  closed: 'done',
  canceled: 'done',
};

export const DEFAULT_PRIORITY_NAMES: Readonly<Record<TicketPriority, string>> = {
  critical: 'Highest',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  planning: 'Lowest',
};

/** Priority names of older Jira schemes, read (never written) as their canonical equivalent. */
const LEGACY_PRIORITIES: Readonly<Record<string, TicketPriority>> = {
  blocker: 'critical',
  critical: 'critical',
  major: 'high',
  minor: 'low',
  trivial: 'planning',
};

export const DEFAULT_ISSUE_TYPES: Readonly<Record<TicketKind, string>> = {
  incident: 'Bug',
  service_request: 'Task',
  problem: 'Bug',
  change: 'Task',
  task: 'Task',
};

/** What a status change aims at: any of these names, else any status of the category. */
export interface StatusTarget {
  status: TicketStatus;
  names: readonly string[];
  category: StatusCategoryKey;
}

const key = (name: string) => name.trim().toLowerCase();

/**
 * The instance's value maps (config merged over the defaults), both ways: Jira names to canonical
 * values when reading, canonical values to Jira names when writing. Names compare
 * case-insensitively, as Jira's JQL does.
 */
export class JiraValueMaps {
  private readonly statusNames: Record<TicketStatus, readonly string[]>;
  private readonly statusByName = new Map<string, TicketStatus>();
  private readonly priorityNames: Record<TicketPriority, string>;
  private readonly priorityByName = new Map<string, TicketPriority>();
  private readonly issueTypes: Record<TicketKind, string>;

  constructor(config: Pick<JiraConfig, 'statusMap' | 'priorityMap' | 'issueTypes'>) {
    this.statusNames = { ...DEFAULT_STATUS_NAMES };
    for (const status of TICKET_STATUSES) {
      const configured = config.statusMap?.[status];
      if (configured !== undefined)
        this.statusNames[status] = typeof configured === 'string' ? [configured] : configured;
    }
    // Configured names win over defaults when a name appears under two statuses.
    for (const pass of ['configured', 'default'] as const)
      for (const status of TICKET_STATUSES) {
        const names =
          pass === 'configured'
            ? config.statusMap?.[status] === undefined
              ? []
              : this.statusNames[status]
            : DEFAULT_STATUS_NAMES[status];
        for (const name of names)
          if (!this.statusByName.has(key(name))) this.statusByName.set(key(name), status);
      }

    this.priorityNames = { ...DEFAULT_PRIORITY_NAMES, ...config.priorityMap };
    for (const priority of TICKET_PRIORITIES)
      this.priorityByName.set(key(this.priorityNames[priority]), priority);
    for (const priority of TICKET_PRIORITIES)
      if (!this.priorityByName.has(key(DEFAULT_PRIORITY_NAMES[priority])))
        this.priorityByName.set(key(DEFAULT_PRIORITY_NAMES[priority]), priority);

    this.issueTypes = { ...DEFAULT_ISSUE_TYPES, ...config.issueTypes };
  }

  /** The canonical status of a Jira status: by name, else by category; undefined when neither is known. */
  statusOf(
    status: { name?: string; statusCategory?: { key?: string } } | undefined,
  ): TicketStatus | undefined {
    const byName = status?.name === undefined ? undefined : this.statusByName.get(key(status.name));
    if (byName) return byName;
    const category = status?.statusCategory?.key;
    return category && category in STATUS_BY_CATEGORY
      ? STATUS_BY_CATEGORY[category as StatusCategoryKey]
      : undefined;
  }

  /** The canonical status of a bare Jira status name (changelogs carry names only). */
  statusOfName(name: string | null | undefined): TicketStatus | undefined {
    return name ? this.statusByName.get(key(name)) : undefined;
  }

  /** What reaching `status` means in Jira. */
  statusTarget(status: TicketStatus): StatusTarget {
    return { status, names: this.statusNames[status], category: CATEGORY_OF_STATUS[status] };
  }

  priorityOf(name: string | null | undefined): TicketPriority | undefined {
    if (!name) return undefined;
    return this.priorityByName.get(key(name)) ?? LEGACY_PRIORITIES[key(name)];
  }

  priorityName(priority: TicketPriority): string {
    return this.priorityNames[priority];
  }

  issueTypeName(kind: TicketKind): string {
    return this.issueTypes[kind];
  }

  /**
   * The kind of an issue type: the kinds the map sends to that type, told apart (several share
   * Task and Bug by default) by the type's name; an unmapped type by its name alone; else `task`.
   */
  kindOf(issueTypeName: string | null | undefined): TicketKind {
    if (!issueTypeName) return 'task';
    const name = key(issueTypeName);
    const mapped = TICKET_KINDS.filter((kind) => key(this.issueTypes[kind]) === name);
    if (mapped.length === 1) return mapped[0]!;
    const byName = kindByName(name);
    if (mapped.length === 0) return byName ?? 'task';
    return byName && mapped.includes(byName) ? byName : mapped.includes('task') ? 'task' : mapped[0]!;
  }
}

function kindByName(name: string): TicketKind | undefined {
  if (name.includes('incident') || name === 'bug') return 'incident';
  if (name.includes('service request') || name.includes('request')) return 'service_request';
  if (name.includes('problem')) return 'problem';
  if (name.includes('change')) return 'change';
  if (name.includes('task')) return 'task';
  return undefined;
}

const cache = new WeakMap<object, JiraValueMaps>();

/** The maps of a config (built once per config object). */
export function valueMaps(config: JiraConfig): JiraValueMaps {
  let maps = cache.get(config);
  if (!maps) cache.set(config, (maps = new JiraValueMaps(config)));
  return maps;
}
