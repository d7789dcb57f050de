import { IsIn } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { AlertRef, ExternalRef, FieldChange, PERSON_REF_REQUIRED, PersonRef } from './common.schema';
import { IsRecord, IsText, IsTextList, IsTimestamp, Nested, OptionalField } from './validation.decorators';

export const TICKET_KINDS = ['incident', 'service_request', 'problem', 'change', 'task'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/** Canonical ticket statuses; each tool's own value is kept in `nativeStatus`. */
export const TICKET_STATUSES = [
  'new',
  'open',
  'in_progress',
  'on_hold',
  'resolved',
  'closed',
  'canceled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** ITIL impact and urgency levels. */
export const IMPACT_LEVELS = ['high', 'medium', 'low'] as const;
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];
export const URGENCY_LEVELS = IMPACT_LEVELS;
export type UrgencyLevel = ImpactLevel;

/**
 * ITIL priorities 1–5 by name: `critical` = P1, `high` = P2, `medium` = P3, `low` = P4,
 * `planning` = P5. Names, not numbers, so a value reads the same in every tool's mapping.
 */
export const TICKET_PRIORITIES = ['critical', 'high', 'medium', 'low', 'planning'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** The ITIL number (1 = most urgent) of each priority name. */
export const PRIORITY_NUMBER: Readonly<Record<TicketPriority, 1 | 2 | 3 | 4 | 5>> = {
  critical: 1,
  high: 2,
  medium: 3,
  low: 4,
  planning: 5,
};

const LEVEL_SCORE: Readonly<Record<ImpactLevel, number>> = { high: 0, medium: 1, low: 2 };

/**
 * The ITIL priority matrix: impact × urgency → priority. High/high is `critical` (P1), low/low is
 * `planning` (P5); each step down in either dimension lowers the priority by one.
 */
export function itilPriority(impact: ImpactLevel, urgency: UrgencyLevel): TicketPriority {
  return TICKET_PRIORITIES[LEVEL_SCORE[impact] + LEVEL_SCORE[urgency]];
}

/** Custom field keys are namespaced by the connector type: `jira.customfield_10010`, `servicenow.u_team`. */
export const CUSTOM_FIELD_KEY_PATTERN = /^[a-z][a-z0-9_-]*\.[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;

/** Fields every ticket event may carry; the concrete classes add the verb-specific rules. */
abstract class TicketFields {
  /** Markdown: the canonical form of the description. */
  @OptionalField()
  @IsText()
  description?: string;

  /** The description exactly as the origin stores it (HTML, wiki markup, ADF JSON as a string). */
  @OptionalField()
  @IsText()
  nativeDescription?: string;

  /** The origin's own status name (`Waiting for support`, `6`). */
  @OptionalField()
  @IsText()
  nativeStatus?: string;

  @OptionalField()
  @IsIn(IMPACT_LEVELS)
  impact?: ImpactLevel;

  @OptionalField()
  @IsIn(URGENCY_LEVELS)
  urgency?: UrgencyLevel;

  /** ITIL priority name, see {@link TICKET_PRIORITIES}. */
  @OptionalField()
  @IsIn(TICKET_PRIORITIES)
  priority?: TicketPriority;

  /** The origin's own priority name (`Highest`, `1 - Critical`). */
  @OptionalField()
  @IsText()
  nativePriority?: string;

  @OptionalField()
  @Nested(() => PersonRef, { nonEmptyObject: PERSON_REF_REQUIRED })
  assignee?: PersonRef;

  @OptionalField()
  @IsText()
  assignmentGroup?: string;

  @OptionalField()
  @Nested(() => PersonRef, { nonEmptyObject: PERSON_REF_REQUIRED })
  reporter?: PersonRef;

  /** Canonical keys of the configuration items affected. */
  @OptionalField()
  @IsTextList()
  affectedCis?: string[];

  @OptionalField()
  @Nested(() => AlertRef, { each: true })
  alertRefs?: AlertRef[];

  @OptionalField()
  @IsTimestamp()
  createdAt?: string;

  @OptionalField()
  @IsTimestamp()
  updatedAt?: string;

  @OptionalField()
  @IsTimestamp()
  resolvedAt?: string;

  /** Resolution note or code. */
  @OptionalField()
  @IsText()
  resolution?: string;

  /** Tool-specific fields, keyed `<connector type>.<field>`; values are any JSON. */
  @OptionalField()
  @IsRecord({
    keyPattern: CUSTOM_FIELD_KEY_PATTERN,
    keyExpected: 'be namespaced as <system>.<field>, e.g. jira.customfield_10010',
  })
  customFields?: Record<string, unknown>;

  /** Every copy of this ticket in the synced tools. */
  @OptionalField()
  @Nested(() => ExternalRef, { each: true })
  externalRefs?: ExternalRef[];
}

/**
 * Data of `itsm.ticket.created|linked|unlinked|deleted`: the ticket as the origin sees it.
 * `changes` is not expected here and is ignored by consumers when present.
 */
@JSONSchema({
  description: 'A ticket snapshot (data of io.switchboard.itsm.ticket.created|linked|unlinked|deleted).',
})
export class TicketData extends TicketFields {
  @IsIn(TICKET_KINDS)
  kind!: TicketKind;

  @IsText()
  title!: string;

  @IsIn(TICKET_STATUSES)
  status!: TicketStatus;

  @OptionalField()
  @Nested(() => FieldChange, { each: true })
  changes?: FieldChange[];
}

/**
 * Data of `itsm.ticket.updated`: the delta, never a whole snapshot. `changes` lists every changed
 * field with its old and new value and must not be empty; other fields are optional context.
 */
@JSONSchema({
  description: 'A ticket change (data of io.switchboard.itsm.ticket.updated): the delta with old values.',
})
export class TicketUpdatedData extends TicketFields {
  @OptionalField()
  @IsIn(TICKET_KINDS)
  kind?: TicketKind;

  @OptionalField()
  @IsText()
  title?: string;

  @OptionalField()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @Nested(() => FieldChange, { each: true, nonEmptyArray: true })
  changes!: FieldChange[];
}
