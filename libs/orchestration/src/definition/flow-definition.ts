import { IsText, IsTextList, Nested, OptionalField } from '@switchboard/events';
import type { FieldRule } from '@switchboard/mapping';
import { IsIn, IsInt, IsObject, Matches, Max, MaxLength, Min } from 'class-validator';

export const STEP_KINDS = ['enrich', 'decide', 'act', 'approve'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Step ids and `as` names: they appear in paths (`steps.owner.user.email`) and idempotency keys. */
export const STEP_ID_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;
export const FLOW_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;
/** `30s`, `15m`, `2h`, `1d`. */
export const DURATION_PATTERN = /^[1-9][0-9]*(ms|s|m|h|d)$/;

/** What starts a run: one of these event types, when the optional condition holds. */
export class FlowTrigger {
  @IsTextList({ nonEmpty: true })
  events!: string[];

  /** JSONata over `{ event }`; a run starts only when it is true. */
  @OptionalField()
  @IsText()
  @MaxLength(10_000)
  when?: string;
}

/** Which actions may run without a person approving them. */
export class FlowPolicy {
  /** Actions (`ticket.create`, `comment.add`) act steps may run unattended. Others wait for approval. */
  @IsTextList()
  autoApprove!: string[];

  /** How long an approval waits (default `1h`). */
  @OptionalField()
  @Matches(DURATION_PATTERN, { message: 'must be a duration such as 30m, 2h or 1d' })
  approvalTtl?: string;

  /** What an approval nobody decided in time means (default `reject`). */
  @OptionalField()
  @IsIn(['approve', 'reject'])
  onExpiry?: 'approve' | 'reject';
}

/** One rule of a decide step: the first whose condition holds gives the outcome. */
export class DecideRule {
  /** JSONata over the run context. */
  @IsText()
  @MaxLength(10_000)
  when!: string;

  @Matches(STEP_ID_PATTERN, { message: 'must be a short lower-case word (a-z, 0-9, _ or -)' })
  outcome!: string;

  /** Plain language, recorded with the decision: why this outcome. */
  @IsText()
  @MaxLength(1_000)
  because!: string;
}

export class DecideDefault {
  @Matches(STEP_ID_PATTERN, { message: 'must be a short lower-case word (a-z, 0-9, _ or -)' })
  outcome!: string;

  @IsText()
  @MaxLength(1_000)
  because!: string;
}

/** Retries of a failed act or enrich step (after the runtime's own retries gave up). */
export class StepRetry {
  @IsInt()
  @Min(1)
  @Max(10)
  attempts!: number;

  @Matches(DURATION_PATTERN, { message: 'must be a duration such as 30s or 5m' })
  backoff!: string;
}

/**
 * A step. `enrich` and `act` send a command to a connector instance with input mapped from the
 * run context and wait for its result (enrich results join the context under `as`); `decide` picks
 * an outcome by ordered rules, recording which rule matched and why; `approve` waits for a person.
 */
export class StepDefinition {
  @Matches(STEP_ID_PATTERN, { message: 'must be a short lower-case word (a-z, 0-9, _ or -)' })
  id!: string;

  @IsIn(STEP_KINDS)
  kind!: StepKind;

  /** JSONata over the run context; the step is skipped (and says why) when it is false. */
  @OptionalField()
  @IsText()
  @MaxLength(10_000)
  when?: string;

  /** enrich/act: the connector instance, by id or name. */
  @OptionalField()
  @IsText()
  instance?: string;

  /** enrich/act: the command (`ticket.create`, `user.lookup`). */
  @OptionalField()
  @IsText()
  action?: string;

  /** enrich/act: the command input, as mapping rules over the run context (target path → rule). */
  @OptionalField()
  @IsObject()
  input?: Record<string, FieldRule>;

  /** enrich/act: where the output lands in the context (`steps.<as>`); default the step id. */
  @OptionalField()
  @Matches(STEP_ID_PATTERN, { message: 'must be a short lower-case word (a-z, 0-9, _ or -)' })
  as?: string;

  /** enrich: a failed lookup does not fail the run by default (`continue`); act fails it. */
  @OptionalField()
  @IsIn(['fail', 'continue'])
  onError?: 'fail' | 'continue';

  @OptionalField()
  @Nested(() => StepRetry)
  retry?: StepRetry;

  /** act: link `output.ticket` to the run's incident on success (the incident's ticket). */
  @OptionalField()
  @IsIn(['incident-ticket'])
  link?: 'incident-ticket';

  /** decide: ordered rules. */
  @OptionalField()
  @Nested(() => DecideRule, { each: true, nonEmptyArray: true })
  rules?: DecideRule[];

  /** decide: the outcome when no rule holds. */
  @OptionalField()
  @Nested(() => DecideDefault)
  default?: DecideDefault;

  /** approve: what the approver is asked (template over the context: `{{event.data.title}}`). */
  @OptionalField()
  @IsText()
  @MaxLength(2_000)
  summary?: string;

  /** approve: overrides the policy's TTL. */
  @OptionalField()
  @Matches(DURATION_PATTERN, { message: 'must be a duration such as 30m, 2h or 1d' })
  ttl?: string;

  @OptionalField()
  @IsIn(['approve', 'reject'])
  onExpiry?: 'approve' | 'reject';
}

/**
 * A flow: a trigger, ordered steps and a policy. Stored versioned; each run pins the version it
 * started with. JSON or YAML.
 *
 * ```yaml
 * name: disk-alerts-to-redmine
 * trigger: { events: [io.switchboard.ops.alert.triggered.v1], when: "event.data.severity in ['critical','high']" }
 * policy: { autoApprove: [ticket.create] }
 * steps:
 *   - { id: route, kind: decide, rules: [{ when: "incident.ticket", outcome: skip, because: "the episode has its ticket" }],
 *       default: { outcome: create, because: "a new episode needs a ticket" } }
 *   - id: create
 *     kind: act
 *     when: "decision = 'create'"
 *     instance: redmine-prod
 *     action: ticket.create
 *     input: { title: { from: event.data.title }, priority: { from: event.data.severity, map: { critical: critical, high: high } } }
 *     link: incident-ticket
 * ```
 */
export class FlowDefinition {
  @Matches(FLOW_NAME_PATTERN, {
    message: 'must start with a letter or digit and contain letters, digits, space, ., _ or - (100 at most)',
  })
  name!: string;

  @OptionalField()
  @IsText()
  @MaxLength(2_000)
  description?: string;

  @Nested(() => FlowTrigger)
  trigger!: FlowTrigger;

  @Nested(() => FlowPolicy)
  policy!: FlowPolicy;

  @Nested(() => StepDefinition, { each: true, nonEmptyArray: true })
  steps!: StepDefinition[];

  /** Free settings the steps read as `config.*` (templates fill them in). */
  @OptionalField()
  @IsObject()
  config?: Record<string, unknown>;
}
