import { IsBoolean, IsIn } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { EMAIL_PATTERN, PERSON_REF_REQUIRED, PersonRef, SYSTEM_NAME_PATTERN } from './common.schema';
import { IsText, IsTextMatching, Nested, OptionalField } from './validation.decorators';

/** SCIM `name`. */
export class UserName {
  @OptionalField()
  @IsText()
  givenName?: string;

  @OptionalField()
  @IsText()
  familyName?: string;

  @OptionalField()
  @IsText()
  formatted?: string;
}

export const EMAIL_TYPES = ['work', 'home', 'other'] as const;
export type EmailType = (typeof EMAIL_TYPES)[number];

/** SCIM `emails[]`. */
export class UserEmail {
  @IsTextMatching(EMAIL_PATTERN, 'be an e-mail address')
  value!: string;

  @OptionalField()
  @IsIn(EMAIL_TYPES)
  type?: EmailType;

  @OptionalField()
  @IsBoolean()
  primary?: boolean;
}

/** A group the user belongs to (SCIM `groups[]`). */
export class GroupMembershipRef {
  /** Canonical group key (subject of its `iam.group` events) or the origin's group id. */
  @IsText()
  id!: string;

  @OptionalField()
  @IsText()
  displayName?: string;
}

/** The same person's account in one tool: how Jira's `5b10a2844c20165700ede21g` is Ana Diaz. */
export class UserAccount {
  /** Connector type, e.g. `jira`. */
  @IsTextMatching(SYSTEM_NAME_PATTERN, 'be a connector type: lower-case letters, digits, "-" or "_"')
  system!: string;

  @IsText()
  instanceId!: string;

  /** The account id in that tool. */
  @IsText()
  id!: string;

  @OptionalField()
  @IsText()
  userName?: string;
}

/**
 * Data of `iam.user.upserted|deactivated`, shaped like a SCIM 2.0 User, plus `accounts` mapping
 * one person across tools. The canonical user key is the event `subject`.
 */
@JSONSchema({ description: 'A user, SCIM 2.0 shaped (data of io.switchboard.iam.user.*).' })
export class UserData {
  @IsText()
  userName!: string;

  @OptionalField()
  @Nested(() => UserName)
  name?: UserName;

  @OptionalField()
  @IsText()
  displayName?: string;

  @OptionalField()
  @Nested(() => UserEmail, { each: true })
  emails?: UserEmail[];

  /** False once deactivated. */
  @IsBoolean()
  active!: boolean;

  /** Job title. */
  @OptionalField()
  @IsText()
  title?: string;

  @OptionalField()
  @IsText()
  department?: string;

  @OptionalField()
  @Nested(() => PersonRef, { nonEmptyObject: PERSON_REF_REQUIRED })
  manager?: PersonRef;

  @OptionalField()
  @Nested(() => GroupMembershipRef, { each: true })
  groups?: GroupMembershipRef[];

  @OptionalField()
  @Nested(() => UserAccount, { each: true })
  accounts?: UserAccount[];
}
