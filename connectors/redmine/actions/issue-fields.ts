import { SwitchboardError, type ConnectorContext } from '@switchboard/connector-sdk';
import type { PersonRef, TicketKind, TicketPriority, TicketStatus } from '@switchboard/events';
import type { RedmineIssueWrite } from '../api/redmine-api.types';
import { catalogOf } from '../api/redmine-catalog';
import { REDMINE_ID } from '../mapping/issue-mapper';
import { priorityNamesFor, valueMapsOf } from '../mapping/value-maps';
import type { RedmineConfig } from '../redmine.config';
import { toRedmineText } from '../text/text-formatting';

type Ctx = ConnectorContext<RedmineConfig>;

/** The canonical fields a create or an update may set (the ticketing commands' shared fields). */
export interface CanonicalFields {
  title?: string;
  description?: string;
  kind?: TicketKind;
  status?: TicketStatus;
  priority?: TicketPriority;
  assignee?: PersonRef;
  assignmentGroup?: string;
  customFields?: Record<string, unknown>;
  labels?: string[];
}

const CUSTOM_FIELD_KEY = new RegExp(`^${REDMINE_ID}\\.(\\d+)$`);

/** A `validation` error about one input field: not retried, dead-lettered with this message. */
export function invalid(path: string, message: string): SwitchboardError {
  return SwitchboardError.validation(`${path} ${message}`, [{ path, message }]);
}

/** `42` or `#42` → 42; anything else is not a Redmine issue. */
export function issueNumber(ticketId: string, path: string): number {
  const match = /^#?(\d{1,10})$/.exec(ticketId.trim());
  if (!match || Number(match[1]) === 0) throw invalid(path, 'must be a Redmine issue number, e.g. 42');
  return Number(match[1]);
}

/**
 * The Redmine fields for canonical values: statuses, priorities and trackers through the value
 * maps and Redmine's own lists (by name), the assignee among the project's members, custom fields
 * by id, the description in the instance's text format. What Redmine cannot hold is refused with
 * a `validation` error naming the input field (`prefix` + field), before anything is written.
 */
export async function redmineFields(
  ctx: Ctx,
  fields: CanonicalFields,
  prefix: string,
): Promise<RedmineIssueWrite> {
  const catalog = catalogOf(ctx);
  const maps = valueMapsOf(ctx.config);
  const write: RedmineIssueWrite = {};
  if (fields.labels !== undefined)
    throw invalid(`${prefix}.labels`, 'cannot be set: Redmine issues have no labels');
  if (fields.assignmentGroup !== undefined)
    throw invalid(
      `${prefix}.assignmentGroup`,
      "cannot be set: Redmine has one assignee; set assignee to the group's name (with group assignment enabled in Redmine)",
    );
  if (fields.title !== undefined) write.subject = fields.title;
  if (fields.description !== undefined)
    write.description = toRedmineText(fields.description, ctx.config.textFormatting);

  if (fields.kind !== undefined) {
    const names = maps.trackers.namesOf(fields.kind);
    const tracker = await firstFound(names, (name) => catalog.trackerByName(ctx, name));
    if (!tracker)
      throw invalid(
        `${prefix}.kind`,
        names.length === 0
          ? `is ${fields.kind}, which no Redmine tracker is mapped to: add one to trackerKinds`
          : `is ${fields.kind}, mapped to tracker ${names.join(' or ')}, which Redmine does not have`,
      );
    write.tracker_id = tracker.id;
  }
  if (fields.status !== undefined) {
    const names = maps.statuses.namesOf(fields.status);
    const status = await firstFound(names, (name) => catalog.statusByName(ctx, name));
    if (!status)
      throw invalid(
        `${prefix}.status`,
        names.length === 0
          ? `is ${fields.status}, which no Redmine status is mapped to: add one to statusMap`
          : `is ${fields.status}, mapped to status ${names.join(' or ')}, which Redmine does not have`,
      );
    write.status_id = status.id;
  }
  if (fields.priority !== undefined) {
    const names = priorityNamesFor(maps, fields.priority);
    const priority = await firstFound(names, (name) => catalog.priorityByName(ctx, name));
    if (!priority)
      throw invalid(
        `${prefix}.priority`,
        `is ${fields.priority}, and Redmine has none of the priorities mapped near it (${names.join(', ') || 'none'})`,
      );
    write.priority_id = priority.id;
  }
  if (fields.assignee !== undefined) write.assigned_to_id = await assigneeId(ctx, fields.assignee, prefix);
  if (fields.customFields !== undefined) write.custom_fields = customFields(ctx, fields.customFields, prefix);
  return write;
}

async function firstFound<T>(
  names: readonly string[],
  find: (name: string) => Promise<T | undefined>,
): Promise<T | undefined> {
  for (const name of names) {
    const found = await find(name);
    if (found) return found;
  }
  return undefined;
}

/** A Redmine user (or group) id: given as the id, or found by name among the project's members. */
async function assigneeId(ctx: Ctx, person: PersonRef, prefix: string): Promise<number> {
  const path = `${prefix}.assignee`;
  if (person.id !== undefined) {
    if (!/^\d+$/.test(person.id)) throw invalid(`${path}.id`, 'must be a Redmine user id, e.g. 5');
    return Number(person.id);
  }
  const catalog = catalogOf(ctx);
  for (const name of [person.displayName, person.userName])
    if (name !== undefined) {
      const member = await catalog.memberByName(ctx, name);
      if (member) return member.id;
    }
  throw invalid(
    path,
    person.displayName || person.userName
      ? `names nobody among the members of project ${ctx.config.project} (${person.displayName ?? person.userName})`
      : 'must give id or displayName: Redmine does not look users up by e-mail for a non-admin',
  );
}

function customFields(
  ctx: Ctx,
  values: Record<string, unknown>,
  prefix: string,
): { id: number; value: string | string[] }[] {
  return Object.entries(values).map(([key, value]) => {
    const path = `${prefix}.customFields.${key}`;
    const id = Number(CUSTOM_FIELD_KEY.exec(key)?.[1] ?? NaN);
    if (Number.isNaN(id))
      throw invalid(path, `is not a Redmine custom field: keys are ${REDMINE_ID}.<field id>`);
    if (id === ctx.config.markerFieldId)
      throw invalid(path, "is the marker field, where the hub keeps its creation markers: it is the hub's");
    return { id, value: customFieldValue(value, path) };
  });
}

function customFieldValue(value: unknown, path: string): string | string[] {
  // Redmine's boolean custom fields take "1" and "0".
  const scalar = (v: unknown) =>
    typeof v === 'boolean'
      ? v
        ? '1'
        : '0'
      : typeof v === 'string' || typeof v === 'number'
        ? String(v)
        : undefined;
  if (value === null) return '';
  if (Array.isArray(value)) {
    const values = value.map(scalar);
    if (values.every((v) => v !== undefined)) return values as string[];
  } else {
    const text = scalar(value);
    if (text !== undefined) return text;
  }
  throw invalid(path, 'must be a string, number, boolean, null or a list of those');
}
