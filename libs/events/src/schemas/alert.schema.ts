import { IsIn, IsInt, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { ExternalRef, Link, ResourceRef } from './common.schema';
import { IsRecord, IsText, IsTimestamp, Nested, OptionalField } from './validation.decorators';

/** Canonical alert severities, most severe first. The origin's own value is kept in `nativeSeverity`. */
export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Lifecycle state of an alert; matches the verb of the event that put it there. */
export const ALERT_STATUSES = ['triggered', 'acknowledged', 'resolved', 'suppressed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Label and annotation keys: Prometheus-style names, optionally namespaced with `/` or `.`. */
const LABEL_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

/**
 * Data of `ops.alert.triggered|updated|acknowledged|resolved|suppressed`. One shape for every verb:
 * an alert event always carries the alert as the origin sees it now.
 */
@JSONSchema({ description: 'An alert from a monitoring system (data of io.switchboard.ops.alert.*).' })
export class AlertData {
  /** Stable fingerprint of the alert's declared fields; also the event `subject`. */
  @IsText()
  dedupKey!: string;

  /** The current occurrence; a new episode starts when the alert fires again after a resolve. */
  @OptionalField()
  @IsText()
  episodeId?: string;

  @IsIn(ALERT_STATUSES)
  status!: AlertStatus;

  @IsIn(ALERT_SEVERITIES)
  severity!: AlertSeverity;

  /** The origin's severity as it was (`P2`, `warning`, `Sev 1`). */
  @OptionalField()
  @IsText()
  nativeSeverity?: string;

  @IsText()
  title!: string;

  /** Markdown. */
  @OptionalField()
  @IsText()
  description?: string;

  /** The monitoring tool or check that raised it (`prometheus`, `datadog:monitor/123`). */
  @OptionalField()
  @IsText()
  source?: string;

  @OptionalField()
  @Nested(() => ResourceRef)
  resource?: ResourceRef;

  @OptionalField()
  @IsRecord({ stringValues: true, keyPattern: LABEL_KEY_PATTERN, keyExpected: 'be a label name' })
  labels?: Record<string, string>;

  @OptionalField()
  @IsRecord({ stringValues: true, keyPattern: LABEL_KEY_PATTERN, keyExpected: 'be an annotation name' })
  annotations?: Record<string, string>;

  @OptionalField()
  @IsTimestamp()
  startsAt?: string;

  @OptionalField()
  @IsTimestamp()
  endsAt?: string;

  /** How many times the origin saw it in this episode. */
  @OptionalField()
  @IsInt()
  @Min(1)
  occurrenceCount?: number;

  @OptionalField()
  @Nested(() => Link, { each: true })
  links?: Link[];

  @OptionalField()
  @Nested(() => ExternalRef, { each: true })
  externalRefs?: ExternalRef[];
}
