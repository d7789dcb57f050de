/**
 * The canonical commands of ticketing connectors. Every ticketing connector (Redmine, Jira,
 * ServiceNow, …) declares the ones it supports with these input and output classes, so a flow or
 * the sync engine sends the same command whichever tool is behind the instance; each connector
 * maps them to its tool (statuses and priorities by name through its value maps, custom fields by
 * their namespaced keys) and says in its README what it cannot carry.
 */
import {
  AlertRef,
  COMMENT_VISIBILITIES,
  CUSTOM_FIELD_KEY_PATTERN,
  ExternalRef,
  IsRecord,
  IsText,
  IsTextList,
  IsTimestamp,
  Nested,
  OptionalField,
  PERSON_REF_REQUIRED,
  PersonRef,
  TICKET_KINDS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketData,
  type CommentVisibility,
  type TicketKind,
  type TicketPriority,
  type TicketStatus,
} from '@switchboard/events';
import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';

const CUSTOM_FIELDS = {
  keyPattern: CUSTOM_FIELD_KEY_PATTERN,
  keyExpected: 'be namespaced by the connector type, e.g. redmine.1 or jira.customfield_10010',
};

/** Fields a create or an update may set. Values the tool cannot hold are refused (`validation`). */
abstract class TicketFieldValues {
  /** Markdown; the connector converts it to the tool's format (Textile, ADF, HTML…). */
  @OptionalField()
  @IsText()
  description?: string;

  @OptionalField()
  @IsIn(TICKET_PRIORITIES)
  priority?: TicketPriority;

  /** The assignee as known to the tool or the identity domain (at least one property). */
  @OptionalField()
  @Nested(() => PersonRef, { nonEmptyObject: PERSON_REF_REQUIRED })
  assignee?: PersonRef;

  /** The assignment group (a group name in the tool). */
  @OptionalField()
  @IsText()
  assignmentGroup?: string;

  /** Namespaced custom fields (`redmine.1`, `jira.customfield_10010`), values as the tool takes them. */
  @OptionalField()
  @IsRecord(CUSTOM_FIELDS)
  customFields?: Record<string, unknown>;

  @OptionalField()
  @IsTextList()
  labels?: string[];
}

/** Input of `ticket.create`. Idempotent per idempotency key (the connector writes a marker). */
@JSONSchema({ description: 'Input of ticket.create.' })
export class TicketCreateInput extends TicketFieldValues {
  @IsText()
  title!: string;

  @OptionalField()
  @IsIn(TICKET_KINDS)
  kind?: TicketKind;

  /** Where to create it when the instance serves several (a Redmine project, a Jira project key). */
  @OptionalField()
  @IsText()
  project?: string;

  /** Initial status, when the tool lets a ticket start elsewhere than its default. */
  @OptionalField()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @OptionalField()
  @Nested(() => AlertRef, { each: true })
  alertRefs?: AlertRef[];
}

/** Output of `ticket.create`: where the ticket is, and whether this call created it. */
@JSONSchema({ description: 'Output of ticket.create.' })
export class TicketCreateOutput {
  @Nested(() => ExternalRef)
  ticket!: ExternalRef;

  /** False when an earlier attempt with the same idempotency key had created it already. */
  @IsBoolean()
  created!: boolean;
}

/** What `ticket.update` changes; absent fields are left alone, `null` is not a value here. */
export class TicketChanges extends TicketFieldValues {
  @OptionalField()
  @IsText()
  title?: string;

  /** The connector reaches it the tool's way (Jira: a path of transitions). */
  @OptionalField()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  /** Resolution note, for a change to resolved or closed. */
  @OptionalField()
  @IsText()
  resolution?: string;
}

/** Input of `ticket.update`. Setting fields to what they already are is a no-op (idempotent). */
@JSONSchema({ description: 'Input of ticket.update.' })
export class TicketUpdateInput {
  /** The ticket's id or key in the tool (`42`, `OPS-17`). */
  @IsText()
  ticketId!: string;

  @Nested(() => TicketChanges, { nonEmptyObject: 'change at least one field' })
  changes!: TicketChanges;

  /**
   * Optimistic concurrency: the tool's last-updated time the change was based on; the connector
   * answers `conflict` when the ticket changed since (where the tool can tell).
   */
  @OptionalField()
  @IsTimestamp()
  baseUpdatedAt?: string;
}

/** Output of `ticket.update`: the fields that actually changed (empty for a no-op). */
@JSONSchema({ description: 'Output of ticket.update.' })
export class TicketUpdateOutput {
  @Nested(() => ExternalRef)
  ticket!: ExternalRef;

  @IsTextList()
  changed!: string[];
}

/** Input of `comment.add`. Idempotent per idempotency key (the connector writes a marker). */
@JSONSchema({ description: 'Input of comment.add.' })
export class CommentAddInput {
  @IsText()
  ticketId!: string;

  /** Markdown. */
  @IsText()
  body!: string;

  /** `internal` maps to the tool's private/internal notes; never to a public field. */
  @IsIn(COMMENT_VISIBILITIES)
  visibility!: CommentVisibility;
}

@JSONSchema({ description: 'Output of comment.add.' })
export class CommentAddOutput {
  @Nested(() => ExternalRef)
  ticket!: ExternalRef;

  @IsText()
  commentId!: string;

  @IsBoolean()
  created!: boolean;
}

/** Input of `ticket.get`. */
@JSONSchema({ description: 'Input of ticket.get.' })
export class TicketGetInput {
  @IsText()
  ticketId!: string;
}

/** Output of `ticket.get`: the ticket in the canonical model (statuses and priorities mapped). */
@JSONSchema({ description: 'Output of ticket.get.' })
export class TicketGetOutput {
  @Nested(() => TicketData)
  ticket!: TicketData;
}

/** Input of `ticket.search`: canonical filters, or the tool's own query language, paged. */
@JSONSchema({ description: 'Input of ticket.search.' })
export class TicketSearchInput {
  /** The tool's own query (JQL for Jira; a Redmine query string such as `status_id=open&tracker_id=1`). */
  @OptionalField()
  @IsText()
  query?: string;

  @OptionalField()
  @IsText()
  project?: string;

  @OptionalField()
  @IsIn(TICKET_STATUSES, { each: true })
  statuses?: TicketStatus[];

  /** Only tickets updated at or after this time. */
  @OptionalField()
  @IsTimestamp()
  updatedSince?: string;

  /** Tickets carrying this marker / custom-field value (how creates find their own tickets). */
  @OptionalField()
  @IsText()
  externalId?: string;

  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** `nextCursor` of the previous page. */
  @OptionalField()
  @IsText()
  cursor?: string;
}

@JSONSchema({ description: 'Output of ticket.search.' })
export class TicketSearchOutput {
  @Nested(() => TicketData, { each: true })
  items!: TicketData[];

  @OptionalField()
  @IsText()
  nextCursor?: string;

  /** What the tool reported as the total, when it does. */
  @OptionalField()
  @IsInt()
  @Min(0)
  total?: number;
}

/** The ticketing commands by action, for `manifest.commands` (take the ones the connector supports). */
export const TICKETING_COMMANDS = {
  'ticket.create': {
    description: 'Creates a ticket; at most one per idempotency key.',
    input: TicketCreateInput,
    output: TicketCreateOutput,
    idempotent: false,
  },
  'ticket.update': {
    description: 'Changes fields of a ticket (status through the tool’s workflow).',
    input: TicketUpdateInput,
    output: TicketUpdateOutput,
    idempotent: true,
  },
  'comment.add': {
    description: 'Adds a public or internal comment; at most one per idempotency key.',
    input: CommentAddInput,
    output: CommentAddOutput,
    idempotent: false,
  },
  'ticket.get': {
    description: 'Reads a ticket in the canonical model.',
    input: TicketGetInput,
    output: TicketGetOutput,
    idempotent: true,
  },
  'ticket.search': {
    description: 'Finds tickets by canonical filters or the tool’s own query, paged.',
    input: TicketSearchInput,
    output: TicketSearchOutput,
    idempotent: true,
  },
} as const;
