import {
  ALERT_SEVERITIES,
  EventType,
  type AlertSeverity,
  type CommentVisibility,
  type ImpactLevel,
  type TicketPriority,
  type TicketStatus,
} from '@switchboard/events';
import type { FieldRule } from '@switchboard/mapping';
import type { DecideRule, FlowDefinition, StepDefinition } from '../definition/flow-definition';

/** The name the template writes into `config.template` of the flows it builds. */
export const ALERT_TO_TICKET_TEMPLATE = 'alert-to-ticket';

/** The ticketing actions the built flow sends; by default they run without an approval. */
export const ALERT_TO_TICKET_ACTIONS = ['ticket.create', 'ticket.update', 'comment.add'] as const;

/** The ITIL reading of alert severities: `info` is planning work, the rest map one to one. */
export const DEFAULT_ALERT_PRIORITIES: Readonly<Record<AlertSeverity, TicketPriority>> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  info: 'planning',
};

/** Who owns an alert: a label holding a user name or e-mail, looked up in an identity instance. */
export interface OwnerLookupConfig {
  /** The identity instance (id or name) that answers `user.lookup`. */
  instance: string;
  action: 'user.lookup';
  /** What the label holds. */
  by: 'userName' | 'email';
  /** The alert label to read (`owner`, `team.lead`). */
  from: string;
}

/** What an admin chooses for the built-in "alert-to-ticket" flow; everything but two names has a default. */
export interface AlertToTicketConfig {
  /** The flow's name, unique in the tenant. */
  name: string;
  description?: string;
  /** The ticketing instance (id or name) tickets are opened in. */
  ticketInstance: string;
  /** Where tickets go when the instance serves several projects. */
  project?: string;
  /** Alert severities that open tickets; default all. Resolves and refires follow whatever was opened. */
  severities?: AlertSeverity[];
  /** Alert severity → ticket priority; merged over {@link DEFAULT_ALERT_PRIORITIES}. */
  priorityMap?: Partial<Record<AlertSeverity, TicketPriority>>;
  /** Alert severity → ITIL impact: in `customFields[impactField]` when given, else in the description. */
  impactMap?: Partial<Record<AlertSeverity, ImpactLevel>>;
  /** A namespaced custom field of the ticketing tool (`redmine.7`) that takes the impact. */
  impactField?: string;
  /** A fixed assignee (the user name in the ticketing tool); the owner lookup wins when it finds one. */
  assignee?: string;
  assignmentGroup?: string;
  ownerLookup?: OwnerLookupConfig;
  /** The status a ticket gets when its alert resolves (default `resolved`). */
  resolvedStatus?: TicketStatus;
  /**
   * A firing after a resolve is a new episode: `reopen` its previous ticket (with a comment) or
   * open a `new` one (the default).
   */
  afterResolve?: 'reopen' | 'new';
  /** Comment on the ticket each time the alert fires again in the same episode (default true). */
  refireComments?: boolean;
  /** Visibility of the comments the flow writes (default `internal`). */
  commentVisibility?: CommentVisibility;
  /** Actions the flow may run without a person approving them (default the three ticketing actions). */
  autoApprove?: string[];
}

/** The configuration with every default filled in. */
export type ResolvedAlertToTicketConfig = Required<
  Pick<
    AlertToTicketConfig,
    'severities' | 'resolvedStatus' | 'afterResolve' | 'refireComments' | 'commentVisibility' | 'autoApprove'
  >
> &
  Omit<AlertToTicketConfig, 'priorityMap'> & { priorityMap: Record<AlertSeverity, TicketPriority> };

export function resolveAlertToTicketConfig(config: AlertToTicketConfig): ResolvedAlertToTicketConfig {
  return {
    ...config,
    severities: config.severities ?? [...ALERT_SEVERITIES],
    priorityMap: { ...DEFAULT_ALERT_PRIORITIES, ...config.priorityMap },
    resolvedStatus: config.resolvedStatus ?? 'resolved',
    afterResolve: config.afterResolve ?? 'new',
    refireComments: config.refireComments ?? true,
    commentVisibility: config.commentVisibility ?? 'internal',
    autoApprove: config.autoApprove ?? [...ALERT_TO_TICKET_ACTIONS],
  };
}

// Conditions (JSONata over the run context).
const RESOLVED = `event.type = '${EventType.AlertResolved}'`;
const FIRING = `event.type = '${EventType.AlertTriggered}'`;
const HAS_TICKET = '$exists(incident.ticket)';
const OPENS_TICKETS = 'event.data.severity in config.severities';

const TITLE =
  "'[' & event.data.severity & '] ' & event.data.title & " +
  "($exists(event.data.resource.host) ? ' on ' & event.data.resource.host : '')";

/** Markdown: the alert's description, impact, labels, links and where it came from. */
function descriptionExpression(impactInDescription: boolean): string {
  const parts = [
    '$exists(event.data.description) ? event.data.description : event.data.title',
    ...(impactInDescription
      ? [
          "$exists($lookup(config.impactMap, event.data.severity)) ? '**Impact:** ' & $lookup(config.impactMap, event.data.severity)",
        ]
      : []),
    "$count($keys(event.data.labels)) > 0 ? '**Labels**\\n\\n' & $join($each(event.data.labels, function($v, $k) { '- `' & $k & '`: ' & $v }), '\\n')",
    "$count(event.data.links) > 0 ? '**Links**\\n\\n' & $join(event.data.links.('- [' & ($exists(title) ? title : href) & '](' & href & ')'), '\\n')",
    "'Alert `' & event.data.dedupKey & '`' & ($exists(event.data.source) ? ' from ' & event.data.source : '') & ', severity ' & event.data.severity & '.'",
  ];
  return `$join([\n  ${parts.join(',\n  ')}\n], '\\n\\n')`;
}

function routeRules(config: ResolvedAlertToTicketConfig): DecideRule[] {
  return [
    {
      when: `${RESOLVED} and ${HAS_TICKET}`,
      outcome: 'resolve',
      because: `The alert resolved and this episode has a ticket: comment on it and set it to ${config.resolvedStatus}.`,
    },
    config.refireComments
      ? {
          when: `${FIRING} and ${HAS_TICKET}`,
          outcome: 'refire',
          because: 'The alert fired again while this episode has a ticket: note the new occurrence on it.',
        }
      : {
          when: `${FIRING} and ${HAS_TICKET}`,
          outcome: 'ignore',
          because: 'The alert fired again; this episode has its ticket and refire comments are off.',
        },
    {
      when: RESOLVED,
      outcome: 'ignore',
      because: 'The alert resolved, but no ticket was opened for this episode: nothing to resolve.',
    },
    {
      when: `${FIRING} and $not(${OPENS_TICKETS})`,
      outcome: 'ignore',
      because: `Alerts of this severity do not open tickets (only ${config.severities.join(', ')} do).`,
    },
    ...(config.afterResolve === 'reopen'
      ? [
          {
            when: `${FIRING} and $exists(incident.previousTicket)`,
            outcome: 'reopen',
            because:
              "The alert fired again after it was resolved: reopen the previous episode's ticket rather than open another.",
          },
        ]
      : []),
    {
      when: FIRING,
      outcome: 'create',
      because: 'A new episode of the alert has no ticket yet: open one.',
    },
  ];
}

/** The enrich step that finds the owner named by an alert label. */
function ownerStep(lookup: OwnerLookupConfig): StepDefinition {
  return {
    id: 'owner',
    kind: 'enrich',
    when: `decision = 'create' and $exists(event.data.labels.\`${lookup.from}\`)`,
    instance: lookup.instance,
    action: lookup.action,
    input: {
      by: { const: lookup.by },
      value: { from: `event.data.labels["${lookup.from}"]` },
    },
    onError: 'continue',
  };
}

function assigneeRules(config: ResolvedAlertToTicketConfig): Record<string, FieldRule> {
  if (config.ownerLookup)
    return {
      // Redmine and Jira find people by display name or user name; the fixed assignee is the fallback.
      'assignee.displayName': { from: 'steps.owner.user.displayName' },
      'assignee.userName':
        config.assignee === undefined
          ? { from: 'steps.owner.user.userName' }
          : { from: 'steps.owner.user.userName', default: config.assignee },
    };
  return config.assignee === undefined ? {} : { 'assignee.userName': { const: config.assignee } };
}

function createInput(config: ResolvedAlertToTicketConfig): Record<string, FieldRule> {
  return {
    title: { expr: TITLE },
    description: { expr: descriptionExpression(config.impactMap !== undefined && !config.impactField) },
    priority: { from: 'event.data.severity', map: { ...config.priorityMap } },
    kind: { const: 'incident' },
    ...(config.project === undefined ? {} : { project: { const: config.project } }),
    ...(config.impactMap !== undefined && config.impactField
      ? {
          [`customFields["${config.impactField}"]`]: {
            from: 'event.data.severity',
            map: { ...config.impactMap },
          },
        }
      : {}),
    'alertRefs[0].dedupKey': { from: 'event.data.dedupKey', required: true },
    'alertRefs[0].episodeId': { from: 'incident.episodeId' },
    ...assigneeRules(config),
    ...(config.assignmentGroup === undefined ? {} : { assignmentGroup: { const: config.assignmentGroup } }),
  };
}

function comment(
  config: ResolvedAlertToTicketConfig,
  id: string,
  outcome: string,
  ticket: string,
  body: string,
): StepDefinition {
  return {
    id,
    kind: 'act',
    when: `decision = '${outcome}'`,
    instance: config.ticketInstance,
    action: 'comment.add',
    input: {
      ticketId: { from: `${ticket}.id`, required: true },
      body: { template: body },
      visibility: { const: config.commentVisibility },
    },
  };
}

/**
 * The built-in "alert-to-ticket" flow: a ticket per alert episode, commented when the alert fires
 * again, resolved when it resolves, and (optionally) reopened when a resolved alert comes back. A
 * plain flow definition: it is saved, versioned, validated and run like any other, and can be
 * edited afterwards. One decide step (`route`) says for every alert event what happens and why.
 */
export function alertToTicketFlow(input: AlertToTicketConfig): FlowDefinition {
  const config = resolveAlertToTicketConfig(input);
  const steps: StepDefinition[] = [
    {
      id: 'route',
      kind: 'decide',
      rules: routeRules(config),
      default: { outcome: 'ignore', because: 'Neither a firing nor a resolved alert: nothing to do.' },
    },
    ...(config.ownerLookup ? [ownerStep(config.ownerLookup)] : []),
    {
      id: 'create',
      kind: 'act',
      when: "decision = 'create'",
      instance: config.ticketInstance,
      action: 'ticket.create',
      input: createInput(config),
      link: 'incident-ticket',
    },
    comment(
      config,
      'comment-refire',
      'refire',
      'incident.ticket',
      'Fired again (occurrence {{incident.occurrences}}).',
    ),
    comment(
      config,
      'comment-resolve',
      'resolve',
      'incident.ticket',
      'Resolved: the alert stopped firing after {{incident.occurrences}} occurrence(s).',
    ),
    {
      id: 'resolve',
      kind: 'act',
      when: "decision = 'resolve'",
      instance: config.ticketInstance,
      action: 'ticket.update',
      input: {
        ticketId: { from: 'incident.ticket.id', required: true },
        'changes.status': { const: config.resolvedStatus },
      },
    },
    {
      id: 'reopen',
      kind: 'act',
      when: "decision = 'reopen'",
      instance: config.ticketInstance,
      action: 'ticket.update',
      input: {
        ticketId: { from: 'incident.previousTicket.id', required: true },
        'changes.status': { const: 'open' },
      },
      // The reopened ticket now tracks this episode (ticket.update answers with the ticket).
      link: 'incident-ticket',
    },
    comment(
      config,
      'comment-reopen',
      'reopen',
      'incident.previousTicket',
      'Fired again after it was resolved: reopened for the new episode ({{event.data.title}}).',
    ),
  ];
  return {
    name: config.name,
    description:
      config.description ??
      'Built from the alert-to-ticket template: a ticket per alert episode, commented on refire, resolved on resolve.',
    trigger: { events: [EventType.AlertTriggered, EventType.AlertResolved] },
    policy: { autoApprove: [...config.autoApprove] },
    steps,
    config: {
      template: ALERT_TO_TICKET_TEMPLATE,
      severities: [...config.severities],
      ...(config.impactMap === undefined ? {} : { impactMap: { ...config.impactMap } }),
    },
  };
}
