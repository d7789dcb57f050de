import { JSONSchema } from 'class-validator-jsonschema';
import { ExternalRef, PERSON_REF_REQUIRED, PersonRef } from './common.schema';
import { IsText, Nested, OptionalField } from './validation.decorators';

/**
 * Data of `iam.group.upserted|deleted|membership_changed`, shaped like a SCIM 2.0 Group. On
 * `membership_changed`, `added` and `removed` carry the delta; `members` may carry the full list.
 */
@JSONSchema({ description: 'A group, SCIM 2.0 shaped (data of io.switchboard.iam.group.*).' })
export class GroupData {
  @IsText()
  displayName!: string;

  @OptionalField()
  @Nested(() => PersonRef, { each: true, nonEmptyObject: PERSON_REF_REQUIRED })
  members?: PersonRef[];

  @OptionalField()
  @Nested(() => PersonRef, { each: true, nonEmptyObject: PERSON_REF_REQUIRED })
  added?: PersonRef[];

  @OptionalField()
  @Nested(() => PersonRef, { each: true, nonEmptyObject: PERSON_REF_REQUIRED })
  removed?: PersonRef[];

  @OptionalField()
  @Nested(() => ExternalRef, { each: true })
  externalRefs?: ExternalRef[];
}
