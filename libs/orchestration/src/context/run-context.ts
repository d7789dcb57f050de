import {
  ExternalRef,
  IsRecord,
  IsText,
  IsTimestamp,
  Nested,
  OptionalField,
  type CloudEvent,
} from '@switchboard/events';
import { IsBoolean, IsIn, IsInt, Min } from 'class-validator';

/** The incident a run is about, as steps see it (`incident.ticket.id`, `incident.occurrences`). */
export class IncidentView {
  @IsText()
  id!: string;

  @IsText()
  dedupKey!: string;

  @IsText()
  episodeId!: string;

  @IsIn(['open', 'resolved'])
  status!: 'open' | 'resolved';

  /** True for the run of the event that opened the incident. */
  @IsBoolean()
  isNew!: boolean;

  /** Notifications of this episode seen so far, this one included. */
  @IsInt()
  @Min(1)
  occurrences!: number;

  @IsText()
  severity!: string;

  @IsText()
  title!: string;

  @OptionalField()
  @Nested(() => ExternalRef)
  ticket?: ExternalRef;

  /** The ticket of the alert's previous episode (for "reopen instead of a new ticket"). */
  @OptionalField()
  @Nested(() => ExternalRef)
  previousTicket?: ExternalRef;

  @IsTimestamp()
  openedAt!: string;

  @OptionalField()
  @IsTimestamp()
  resolvedAt?: string;
}

/** About the run itself. */
export class RunInfo {
  @IsText()
  id!: string;

  @IsText()
  flow!: string;

  @IsInt()
  version!: number;
}

/**
 * What conditions, decide rules and input mappings read: the trigger event, the incident, the
 * outputs of earlier steps by their `as` name, the decisions so far and the flow's config. Also the
 * `run-context` shape mappings of flows are validated against.
 */
export class RunContextShape {
  /** The trigger event, whole (envelope and data). */
  @IsRecord()
  event!: Record<string, unknown>;

  @OptionalField()
  @Nested(() => IncidentView)
  incident?: IncidentView;

  /** Outputs of enrich and act steps, by `as` (default: the step id). */
  @IsRecord()
  steps!: Record<string, unknown>;

  /** The outcome of the latest decide step. */
  @OptionalField()
  @IsText()
  decision?: string;

  /** Outcomes by decide step id. */
  @IsRecord({ stringValues: true })
  decisions!: Record<string, string>;

  @IsRecord()
  config!: Record<string, unknown>;

  @Nested(() => RunInfo)
  run!: RunInfo;
}

export interface RunContext {
  event: CloudEvent;
  incident?: IncidentView;
  steps: Record<string, unknown>;
  decision?: string;
  decisions: Record<string, string>;
  config: Record<string, unknown>;
  run: RunInfo;
}

export const RUN_CONTEXT_SHAPE = 'run-context';
