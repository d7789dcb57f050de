import { Secret } from '@switchboard/connector-sdk';
import {
  OptionalField,
  TICKET_KINDS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketKind,
  type TicketPriority,
  type TicketStatus,
} from '@switchboard/events';
import { IsIn, IsInt, IsISO8601, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsNameMap } from './config-rules';
import { TEXT_FORMATTINGS, type TextFormatting } from './text/text-formatting';

const URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };
/** Redmine project identifiers: lower-case letters, digits, `-` and `_`, starting with a letter. */
const PROJECT_IDENTIFIER = /^[a-z][a-z0-9_-]{0,99}$/;

/** The smallest poll interval an instance may configure: a run costs one request per changed issue. */
export const MIN_POLL_INTERVAL_MS = 5_000;
export const DEFAULT_POLL_INTERVAL_MS = 60_000;

/** A JSON Schema for a name → canonical value map (the generated one would `$ref` "Object"). */
function nameMapSchema(values: readonly string[], description: string, example: Record<string, string>) {
  return () => ({
    type: 'object' as const,
    description,
    additionalProperties: { type: 'string' as const, enum: [...values] },
    examples: [example],
  });
}

/**
 * Configuration of a Redmine instance. `baseUrl`, `apiKey`, `project` and `markerFieldId` are
 * required; a field with an initializer defaults to it. The API key is a secret: set it through
 * the admin API's `secrets`, it is never returned.
 */
export class RedmineConfig {
  @JSONSchema({
    description:
      'Redmine root URL as the hub reaches it, e.g. https://redmine.example.com (the REST API is /issues.json etc.; enable it under Administration → Settings → API).',
  })
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  baseUrl!: string;

  @JSONSchema({
    description:
      "API key of the Redmine user the hub acts as (My account → API access key), sent as X-Redmine-API-Key. Use a dedicated user: changes it makes are recognised as the hub's own.",
  })
  @Secret()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  apiKey!: string;

  @JSONSchema({
    description:
      'Identifier of the Redmine project the hub works in: tickets are created there unless a command names another, and the poll watches it (with its subprojects).',
    examples: ['itsm'],
  })
  @IsString()
  @Matches(PROJECT_IDENTIFIER, { message: 'must be a Redmine project identifier (e.g. itsm)' })
  project!: string;

  @JSONSchema({
    description:
      'Id of the issue custom field (text, "Used as a filter", enabled for the project and its trackers) where the hub writes its creation marker, so a retried ticket.create finds the ticket instead of making another.',
    examples: [1],
  })
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  markerFieldId!: number;

  @JSONSchema({
    description:
      "The instance's text formatting (Administration → Settings → General → Text formatting): textile (Redmine's default), common_mark, markdown, or none. Descriptions and notes are converted between it and markdown.",
    default: 'textile',
  })
  @OptionalField()
  @IsIn(TEXT_FORMATTINGS, { message: `must be one of ${TEXT_FORMATTINGS.join(', ')}` })
  textFormatting: TextFormatting = 'textile';

  @JSONSchema(
    nameMapSchema(
      TICKET_STATUSES,
      'Redmine status name → canonical status, merged over the defaults (New → new, In Progress → in_progress, Resolved → resolved, Feedback → on_hold, Closed → closed, Rejected → canceled); names are case-insensitive. A status in neither maps to closed if Redmine marks it closed, else open. To write a canonical status, the first name mapped to it is used.',
      { Acknowledged: 'open', 'Waiting for customer': 'on_hold' },
    ),
  )
  @OptionalField()
  @IsNameMap(TICKET_STATUSES)
  statusMap?: Record<string, TicketStatus>;

  @JSONSchema(
    nameMapSchema(
      TICKET_PRIORITIES,
      'Redmine priority name → canonical priority, merged over the defaults (Immediate and Urgent → critical, High → high, Normal → medium, Low → low); names are case-insensitive. To write a canonical priority, the first name mapped to it is used, else the nearest mapped one (planning → Low).',
      { Blocker: 'critical' },
    ),
  )
  @OptionalField()
  @IsNameMap(TICKET_PRIORITIES)
  priorityMap?: Record<string, TicketPriority>;

  @JSONSchema(
    nameMapSchema(
      TICKET_KINDS,
      'Redmine tracker name → canonical ticket kind, merged over the defaults (Bug → incident, Support → service_request, Feature → change). A ticket.create of a kind uses the first tracker mapped to it.',
      { Incident: 'incident', Problem: 'problem', Task: 'task' },
    ),
  )
  @OptionalField()
  @IsNameMap(TICKET_KINDS)
  trackerKinds?: Record<string, TicketKind>;

  @JSONSchema({
    description: 'Kind of a ticket whose tracker is not in trackerKinds, and of a ticket.create without one.',
    default: 'incident',
  })
  @OptionalField()
  @IsIn(TICKET_KINDS, { message: `must be one of ${TICKET_KINDS.join(', ')}` })
  defaultKind: TicketKind = 'incident';

  @JSONSchema({
    description: `Milliseconds between two polls for changed issues (at least ${MIN_POLL_INTERVAL_MS}).`,
    default: DEFAULT_POLL_INTERVAL_MS,
  })
  @OptionalField()
  @IsInt({ message: 'must be an integer' })
  @Min(MIN_POLL_INTERVAL_MS)
  @Max(86_400_000)
  pollIntervalMs: number = DEFAULT_POLL_INTERVAL_MS;

  @JSONSchema({
    description:
      'Where the first poll of the instance starts (ISO 8601). Default: the beginning, so the first run reads the whole project history once (its events carry syncmode backfill).',
    examples: ['2026-01-01T00:00:00Z'],
  })
  @OptionalField()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 timestamp' })
  pollSince?: string;

  @JSONSchema({
    description:
      'Redmine URL for people, in the links of events and command outputs, when it differs from baseUrl (a proxy, an internal name).',
  })
  @OptionalField()
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  publicUrl?: string;
}
