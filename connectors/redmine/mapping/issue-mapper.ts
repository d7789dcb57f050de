import { isDeepStrictEqual } from 'node:util';
import type { ConnectorEvent } from '@switchboard/connector-sdk';
import {
  EventType,
  type CommentData,
  type ExternalRef,
  type FieldChange,
  type PersonRef,
  type SyncMode,
  type TicketData,
  type TicketKind,
  type TicketPriority,
  type TicketStatus,
  type TicketUpdatedData,
} from '@switchboard/events';
import type { RedmineIssue, RedmineJournal } from '../api/redmine-api.types';
import type { RedmineConfig } from '../redmine.config';
import { fromRedmineText } from '../text/text-formatting';
import { stripCommentMarker } from './comment-marker';
import type { IssueVocabulary } from './issue-vocabulary';
import { canonicalKind, canonicalPriority, canonicalStatus, type ValueMaps } from './value-maps';

/** The connector type: event sources, external refs and custom field namespaces say `redmine`. */
export const REDMINE_ID = 'redmine';

/** What the mapping needs besides the issue: the instance and the names of everything it mentions. */
export interface MappingContext {
  config: RedmineConfig;
  instanceId: string;
  maps: ValueMaps;
  vocabulary: IssueVocabulary;
}

/**
 * The fields the mapping follows through journals, as Redmine stores them: ids and texts as
 * strings (as journal details carry them), custom fields by id.
 */
interface IssueState {
  tracker_id: string | null;
  status_id: string | null;
  priority_id: string | null;
  assigned_to_id: string | null;
  subject: string | null;
  description: string | null;
  cf: Record<string, string | string[] | null>;
}

const FOLLOWED = [
  'tracker_id',
  'status_id',
  'priority_id',
  'assigned_to_id',
  'subject',
  'description',
] as const;
type Followed = (typeof FOLLOWED)[number];

/** The canonical paths a Redmine attribute maps to, in `changes`. */
const PATHS: Readonly<Record<Followed, readonly (keyof MappedFields)[]>> = {
  tracker_id: ['kind'],
  status_id: ['status', 'nativeStatus'],
  priority_id: ['priority', 'nativePriority'],
  assigned_to_id: ['assignee'],
  subject: ['title'],
  description: ['description', 'nativeDescription'],
};

/** The canonical fields an issue state maps to. */
interface MappedFields {
  kind: TicketKind;
  title: string;
  status: TicketStatus;
  nativeStatus: string;
  priority: TicketPriority;
  nativePriority: string;
  assignee?: PersonRef;
  description?: string;
  nativeDescription?: string;
  customFields: Record<string, unknown>;
}

/** One thing that happened to an issue (its creation, a journal) and the events it maps to. */
export interface IssueOccurrence {
  /** `issue:<id>` or `journal:<id>`: also the events' occurrence key. */
  key: string;
  /** When it happened (ms since the epoch, whole seconds as Redmine keeps them). */
  at: number;
  events: ConnectorEvent[];
}

/** The ticket in Redmine: where the hub and people find it. */
export function ticketRef(config: RedmineConfig, instanceId: string, id: number | string): ExternalRef {
  const root = (config.publicUrl ?? config.baseUrl).replace(/\/+$/, '');
  return { system: REDMINE_ID, instanceId, id: String(id), url: `${root}/issues/${id}` };
}

/** The issue as it is now, in the canonical model (ticket.get, ticket.search). */
export function ticketData(issue: RedmineIssue, ctx: MappingContext): TicketData {
  return {
    ...snapshot(issue, currentState(issue), ctx),
    updatedAt: issue.updated_on,
    ...(issue.closed_on && { resolvedAt: issue.closed_on }),
  };
}

/**
 * Everything that happened to an issue, oldest first: its creation (the issue as it was created,
 * rebuilt by undoing its journals) and each journal: field changes as `ticket.updated` with old
 * and new values, notes as `comment.added` (private notes are internal). Needs the journals.
 */
export function issueOccurrences(
  issue: RedmineIssue,
  ctx: MappingContext,
  syncmode?: SyncMode,
): IssueOccurrence[] {
  const journals = [...(issue.journals ?? [])].sort((a, b) => a.id - b.id);
  // states[0] is the issue as created, states[k] as it was after journal k.
  const states = [currentState(issue)];
  for (const journal of [...journals].reverse()) states.unshift(undo(states[0]!, journal));

  const subject = String(issue.id);
  const ref = ticketRef(ctx.config, ctx.instanceId, issue.id);
  const ours = (userId: number, change: string) =>
    userId === ctx.vocabulary.selfId ? { originchangeid: change } : {};
  const created: TicketData = { ...snapshot(issue, states[0]!, ctx), updatedAt: issue.created_on };
  const occurrences: IssueOccurrence[] = [
    {
      key: `issue:${issue.id}`,
      at: Date.parse(issue.created_on),
      events: [
        {
          type: EventType.TicketCreated,
          subject,
          time: issue.created_on,
          occurrenceKey: `issue:${issue.id}`,
          data: created,
          ...ours(issue.author.id, `issue:${issue.id}`),
          ...(syncmode && { syncmode }),
        },
      ],
    },
  ];
  journals.forEach((journal, index) => {
    const key = `journal:${journal.id}`;
    const common = {
      subject,
      time: journal.created_on,
      occurrenceKey: key,
      ...ours(journal.user.id, key),
      ...(syncmode && { syncmode }),
    };
    const events: ConnectorEvent[] = [];
    const changes = journalChanges(issue, journal, states[index]!, states[index + 1]!, ctx);
    if (changes.length > 0) {
      const data: TicketUpdatedData = { changes, updatedAt: journal.created_on, externalRefs: [ref] };
      events.push({ type: EventType.TicketUpdated, data, ...common });
    }
    const comment = commentData(journal, ref, ctx);
    if (comment) events.push({ type: EventType.CommentAdded, data: comment, ...common });
    occurrences.push({ key, at: Date.parse(journal.created_on), events });
  });
  return occurrences;
}

function currentState(issue: RedmineIssue): IssueState {
  return {
    tracker_id: String(issue.tracker.id),
    status_id: String(issue.status.id),
    priority_id: String(issue.priority.id),
    assigned_to_id: issue.assigned_to ? String(issue.assigned_to.id) : null,
    subject: issue.subject,
    description: issue.description,
    cf: Object.fromEntries(issue.custom_fields.map((field) => [String(field.id), field.value])),
  };
}

/** The state before `journal`, from the state after it: each detail's old value put back. */
function undo(after: IssueState, journal: RedmineJournal): IssueState {
  const before: IssueState = { ...after, cf: { ...after.cf } };
  for (const detail of [...journal.details].reverse()) {
    if (detail.property === 'attr' && (FOLLOWED as readonly string[]).includes(detail.name)) {
      before[detail.name as Followed] = detail.old_value;
    } else if (detail.property === 'cf') {
      const value = before.cf[detail.name];
      // A multi-value field journals one detail per value added (old null) or removed (new null).
      if (Array.isArray(value)) {
        const values = value.filter((v) => v !== detail.new_value);
        before.cf[detail.name] = detail.old_value === null ? values : [...values, detail.old_value];
      } else {
        before.cf[detail.name] = detail.old_value;
      }
    }
  }
  return before;
}

function mapFields(state: IssueState, issueId: number, ctx: MappingContext): MappedFields {
  const { config, maps, vocabulary } = ctx;
  const idOf = (value: string | null) => (value !== null && /^\d+$/.test(value) ? Number(value) : undefined);
  const statusId = idOf(state.status_id);
  const status = statusId === undefined ? undefined : vocabulary.status(statusId);
  const priorityId = idOf(state.priority_id);
  const priority = priorityId === undefined ? undefined : vocabulary.priority(priorityId);
  const trackerId = idOf(state.tracker_id);
  const tracker = trackerId === undefined ? undefined : vocabulary.tracker(trackerId);
  const assigneeId = idOf(state.assigned_to_id);
  const assigneeName = assigneeId === undefined ? undefined : vocabulary.user(assigneeId);
  const native = state.description ?? '';
  const customFields: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(state.cf))
    if (value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))
      customFields[`${REDMINE_ID}.${id}`] = value;
  return {
    kind: tracker === undefined ? config.defaultKind : canonicalKind(maps, config, tracker),
    title: state.subject || `Issue #${issueId}`,
    // A status or priority Redmine no longer knows keeps its id as the native value.
    status: status ? canonicalStatus(maps, status.name, status.isClosed) : 'open',
    nativeStatus: status?.name ?? state.status_id ?? 'unknown',
    priority: priority ? canonicalPriority(maps, priority) : 'medium',
    nativePriority: priority ?? state.priority_id ?? 'unknown',
    ...(assigneeId !== undefined && {
      assignee: { id: String(assigneeId), ...(assigneeName && { displayName: assigneeName }) },
    }),
    ...(native.trim() !== '' && {
      description: fromRedmineText(native, config.textFormatting),
      nativeDescription: native,
    }),
    customFields,
  };
}

function snapshot(issue: RedmineIssue, state: IssueState, ctx: MappingContext): TicketData {
  const { customFields, ...fields } = mapFields(state, issue.id, ctx);
  return {
    ...fields,
    reporter: { id: String(issue.author.id), ...(issue.author.name && { displayName: issue.author.name }) },
    createdAt: issue.created_on,
    ...(Object.keys(customFields).length > 0 && { customFields }),
    externalRefs: [ticketRef(ctx.config, ctx.instanceId, issue.id)],
  };
}

/** The journal's changes on canonical paths, old and new values mapped; unchanged paths left out. */
function journalChanges(
  issue: RedmineIssue,
  journal: RedmineJournal,
  before: IssueState,
  after: IssueState,
  ctx: MappingContext,
): FieldChange[] {
  const old = mapFields(before, issue.id, ctx);
  const now = mapFields(after, issue.id, ctx);
  const paths = new Set<string>();
  for (const detail of journal.details) {
    if (detail.property === 'attr' && detail.name in PATHS)
      for (const path of PATHS[detail.name as Followed]) paths.add(path);
    else if (detail.property === 'cf') paths.add(`customFields.${REDMINE_ID}.${detail.name}`);
  }
  const valueAt = (fields: MappedFields, path: string): unknown => {
    const value = path.startsWith('customFields.')
      ? fields.customFields[path.slice('customFields.'.length)]
      : fields[path as keyof MappedFields];
    return value ?? null;
  };
  const changes: FieldChange[] = [];
  for (const path of paths) {
    const change = { path, old: valueAt(old, path), new: valueAt(now, path) };
    if (!isDeepStrictEqual(change.old, change.new)) changes.push(change);
  }
  return changes;
}

function commentData(
  journal: RedmineJournal,
  ticket: ExternalRef,
  ctx: MappingContext,
): CommentData | undefined {
  const notes = stripCommentMarker(journal.notes);
  if (notes.trim() === '') return undefined;
  return {
    ticketRef: ticket,
    commentId: String(journal.id),
    visibility: journal.private_notes ? 'internal' : 'public',
    author: { id: String(journal.user.id), ...(journal.user.name && { displayName: journal.user.name }) },
    body: fromRedmineText(notes, ctx.config.textFormatting),
    nativeBody: journal.notes,
    createdAt: journal.created_on,
  };
}
