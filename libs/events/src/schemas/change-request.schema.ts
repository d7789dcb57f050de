import { IsIn } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { ExternalRef, PERSON_REF_REQUIRED, PersonRef } from './common.schema';
import { IsText, IsTextList, IsTimestamp, Nested, OptionalField } from './validation.decorators';

export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export const CHANGE_RISKS = ['very_high', 'high', 'medium', 'low'] as const;
export type ChangeRisk = (typeof CHANGE_RISKS)[number];

/** ITIL change lifecycle states; the origin's own value is kept in `nativeState`. */
export const CHANGE_STATES = [
  'new',
  'assess',
  'authorize',
  'scheduled',
  'implement',
  'review',
  'closed',
  'canceled',
] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

/** Data of `itsm.change.created|updated|approved|rejected|implemented|closed`. */
@JSONSchema({ description: 'A change request (data of io.switchboard.itsm.change.*).' })
export class ChangeRequestData {
  @IsText()
  title!: string;

  /** Markdown. */
  @OptionalField()
  @IsText()
  description?: string;

  @IsIn(CHANGE_TYPES)
  type!: ChangeType;

  @OptionalField()
  @IsIn(CHANGE_RISKS)
  risk?: ChangeRisk;

  @IsIn(CHANGE_STATES)
  state!: ChangeState;

  @OptionalField()
  @IsText()
  nativeState?: string;

  @OptionalField()
  @IsTimestamp()
  plannedStart?: string;

  @OptionalField()
  @IsTimestamp()
  plannedEnd?: string;

  /** Canonical keys of the configuration items the change touches. */
  @OptionalField()
  @IsTextList()
  affectedCis?: string[];

  @OptionalField()
  @Nested(() => PersonRef, { nonEmptyObject: PERSON_REF_REQUIRED })
  requestedBy?: PersonRef;

  @OptionalField()
  @IsText()
  assignmentGroup?: string;

  @OptionalField()
  @Nested(() => ExternalRef, { each: true })
  externalRefs?: ExternalRef[];
}
