import { IsText, IsTimestamp, Nested, OptionalField } from '@switchboard/events';
import { IsBoolean, IsIn, IsString, IsUUID, Matches, ValidateIf } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { NotTogetherWith } from './config-rules';

/** Prometheus-style durations: `90m`, `2h`, `1d12h`, `1w`. */
export const DURATION_PATTERN = /^(?=\d)(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?$/;

/** A label matcher of a silence, as Alertmanager's API v2 takes it. */
export class SilenceMatcherInput {
  @Matches(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be a Prometheus label name' })
  name!: string;

  /** The value, or a regular expression (RE2, anchored) when `isRegex`. */
  @IsString()
  value!: string;

  @OptionalField()
  @IsBoolean()
  isRegex?: boolean;

  /** False negates the matcher (`!=`, `!~`). Default true. */
  @OptionalField()
  @IsBoolean()
  isEqual?: boolean;
}

/** Input of `silence.create`. The window is `startsAt` (default now) to `endsAt` or + `duration`. */
export class SilenceCreateInput {
  @Nested(() => SilenceMatcherInput, { each: true, nonEmptyArray: true })
  matchers!: SilenceMatcherInput[];

  @JSONSchema({ description: 'Start of the silence; now when omitted.' })
  @OptionalField()
  @IsTimestamp()
  startsAt?: string;

  @JSONSchema({ description: 'End of the silence. Give either endsAt or duration.' })
  @OptionalField()
  @IsTimestamp()
  @NotTogetherWith('duration')
  endsAt?: string;

  @JSONSchema({ description: 'Length of the silence, e.g. 30m, 2h, 1d. Required unless endsAt is set.' })
  @ValidateIf((input: SilenceCreateInput) => input.endsAt === undefined || input.duration !== undefined)
  @Matches(DURATION_PATTERN, { message: 'must be a duration such as 30m, 2h or 1d12h' })
  duration?: string;

  /** Why. The connector appends its idempotency marker to it (`… [sb-…]`). */
  @IsText()
  comment!: string;

  /** Who asked; default `switchboard`. */
  @OptionalField()
  @IsText()
  createdBy?: string;
}

/** Output of `silence.create`. */
export class SilenceCreateOutput {
  @IsText()
  silenceId!: string;
}

/** Input of `silence.expire`. */
export class SilenceExpireInput {
  @IsUUID('all', { message: 'must be an Alertmanager silence id (a UUID)' })
  silenceId!: string;
}

/** What the silence was before `silence.expire`; `unknown`: Alertmanager does not know the id (any more). */
export const SILENCE_PREVIOUS_STATES = ['active', 'pending', 'expired', 'unknown'] as const;

/** Output of `silence.expire`. */
export class SilenceExpireOutput {
  @IsText()
  silenceId!: string;

  /** True when this run expired it; false when it was already expired or is unknown. */
  @IsBoolean()
  expired!: boolean;

  @IsIn(SILENCE_PREVIOUS_STATES)
  previousState!: (typeof SILENCE_PREVIOUS_STATES)[number];
}
