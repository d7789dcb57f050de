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
import {
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  IsNameMap,
  NotTogetherWith,
  RequiredUnless,
  RequiredWhen,
  SetTogetherWith,
} from './jira-config.rules';

const URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

/** How a create marks its issue so that a retry finds it (see the README, "Idempotent creates"). */
export const MARKER_STRATEGIES = ['label', 'property'] as const;
export type MarkerStrategy = (typeof MARKER_STRATEGIES)[number];

/** Where an internal comment goes: a JSM internal note, or a comment restricted to a role or group. */
export const INTERNAL_COMMENT_MODES = ['service-desk', 'role', 'group'] as const;
export type InternalCommentMode = (typeof INTERNAL_COMMENT_MODES)[number];

const nameMapSchema = (keys: readonly string[], lists: boolean, description: string, example: object) =>
  JSONSchema(() => ({
    type: 'object',
    description,
    properties: Object.fromEntries(
      keys.map((key) => [
        key,
        lists
          ? {
              oneOf: [
                { type: 'string', minLength: 1 },
                { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
              ],
            }
          : { type: 'string', minLength: 1 },
      ]),
    ),
    additionalProperties: false,
    examples: [example],
  }));

/**
 * Configuration of a Jira Cloud instance. A field with an initializer defaults to it. Secrets
 * (`@Secret()`) are set through the admin API's `secrets` and never returned.
 */
export class JiraConfig {
  @JSONSchema({
    description:
      'Jira site root, https://<site>.atlassian.net (for OAuth 2.0: https://api.atlassian.com/ex/jira/<cloudId>). The REST API is under /rest/api/3.',
  })
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  baseUrl!: string;

  @JSONSchema({
    description: 'Site URL for people (issue links in events), when baseUrl is the OAuth API gateway.',
  })
  @OptionalField()
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  browseUrl?: string;

  @JSONSchema({ description: 'Atlassian account e-mail of the integration user (basic auth with apiToken).' })
  @OptionalField()
  @IsEmail({}, { message: 'must be an e-mail address' })
  @SetTogetherWith('apiToken')
  email?: string;

  @JSONSchema({ description: 'API token of that account (id.atlassian.com → Security → API tokens).' })
  @Secret()
  @ValidateIf((config: JiraConfig, value: unknown) => value !== undefined || config.oauthToken === undefined)
  @RequiredUnless('oauthToken')
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @SetTogetherWith('email')
  apiToken?: string;

  @JSONSchema({
    description: 'OAuth 2.0 (3LO) access token, instead of email + apiToken. Not refreshed by the connector.',
  })
  @Secret()
  @OptionalField()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @NotTogetherWith('apiToken')
  oauthToken?: string;

  @JSONSchema({
    description: 'Project new tickets go to unless a command names another; also what check verifies.',
  })
  @Matches(/^[A-Z][A-Z0-9_]{0,254}$/, { message: 'must be a Jira project key such as OPS' })
  projectKey!: string;

  @nameMapSchema(
    TICKET_KINDS,
    false,
    'Issue type name per canonical kind, merged over the defaults (incident → Bug, others → Task).',
    {
      incident: 'Incident',
      service_request: 'Service Request',
    },
  )
  @OptionalField()
  @IsNameMap(TICKET_KINDS)
  issueTypes?: Partial<Record<TicketKind, string>>;

  @nameMapSchema(
    TICKET_STATUSES,
    true,
    'Jira status names per canonical status (first reachable wins), merged over the defaults; unmapped Jira statuses fall back to their status category (To Do → new, In Progress → in_progress, Done → resolved).',
    { on_hold: ['Waiting for customer', 'Pending'], canceled: "Won't Do" },
  )
  @OptionalField()
  @IsNameMap(TICKET_STATUSES, { lists: true })
  statusMap?: Partial<Record<TicketStatus, string | string[]>>;

  @nameMapSchema(
    TICKET_PRIORITIES,
    false,
    'Jira priority name per canonical priority, merged over Highest/High/Medium/Low/Lowest.',
    {
      critical: 'Blocker',
    },
  )
  @OptionalField()
  @IsNameMap(TICKET_PRIORITIES)
  priorityMap?: Partial<Record<TicketPriority, string>>;

  @JSONSchema({
    description:
      'The secret of the Jira admin webhook (Settings → System → WebHooks); Jira signs with it (X-Hub-Signature).',
  })
  @Secret()
  @OptionalField()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  webhookSecret?: string;

  @JSONSchema({
    description:
      'How creates mark their issue: a label (searchable by JQL everywhere) or the entity property (searchable only when an app indexes it).',
    default: 'label',
  })
  @OptionalField()
  @IsIn(MARKER_STRATEGIES, { message: `must be one of ${MARKER_STRATEGIES.join(', ')}` })
  marker: MarkerStrategy = 'label';

  @JSONSchema({ description: 'Prefix of marker labels (the rest is an opaque hash).', default: 'sb-' })
  @OptionalField()
  @Matches(/^[A-Za-z0-9_.-]{1,40}$/, {
    message: 'must be letters, digits, ".", "_" or "-" (labels have no spaces)',
  })
  markerLabelPrefix: string = 'sb-';

  @JSONSchema({
    description: 'Key of the issue entity property every create writes (marker, instance, idempotency key).',
    default: 'io.switchboard.origin',
  })
  @OptionalField()
  @Matches(/^[A-Za-z0-9_.-]{1,255}$/, { message: 'must be letters, digits, ".", "_" or "-"' })
  entityPropertyKey: string = 'io.switchboard.origin';

  @JSONSchema({
    description:
      'Where internal comments go: service-desk (a JSM internal note), role or group (a comment visible to that role or group only). Unset: internal comments are refused.',
  })
  @OptionalField()
  @IsIn(INTERNAL_COMMENT_MODES, { message: `must be one of ${INTERNAL_COMMENT_MODES.join(', ')}` })
  internalComments?: InternalCommentMode;

  @JSONSchema({
    description: 'The project role (e.g. Administrators) or group internal comments are restricted to.',
  })
  @ValidateIf(
    (config: JiraConfig, value: unknown) =>
      value !== undefined || ['role', 'group'].includes(String(config.internalComments)),
  )
  @RequiredWhen('internalComments', ['role', 'group'])
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  internalCommentRestriction?: string;

  @JSONSchema({
    description: 'Most transitions one status change may take when Jira offers no direct one.',
    default: 4,
  })
  @OptionalField()
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(10)
  maxTransitionSteps: number = 4;
}
