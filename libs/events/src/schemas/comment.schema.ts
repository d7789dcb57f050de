import { IsIn } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { ExternalRef, PERSON_REF_REQUIRED, PersonRef } from './common.schema';
import { IsText, IsTimestamp, Nested, OptionalField } from './validation.decorators';

/**
 * Who may read a comment. `internal` (work notes) never lands in a public field of another tool
 * unless a mapping says so.
 */
export const COMMENT_VISIBILITIES = ['public', 'internal'] as const;
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

/** Data of `itsm.comment.added|edited|deleted`. */
@JSONSchema({ description: 'A ticket comment (data of io.switchboard.itsm.comment.*).' })
export class CommentData {
  /** The ticket the comment belongs to, in the origin system. */
  @Nested(() => ExternalRef)
  ticketRef!: ExternalRef;

  /** The comment's id in the origin system. */
  @IsText()
  commentId!: string;

  @IsIn(COMMENT_VISIBILITIES)
  visibility!: CommentVisibility;

  @OptionalField()
  @Nested(() => PersonRef, { nonEmptyObject: PERSON_REF_REQUIRED })
  author?: PersonRef;

  /** Markdown: the canonical form of the body. */
  @IsText()
  body!: string;

  /** The body exactly as the origin stores it (HTML, wiki markup, ADF JSON as a string). */
  @OptionalField()
  @IsText()
  nativeBody?: string;

  @OptionalField()
  @IsTimestamp()
  createdAt?: string;

  @OptionalField()
  @IsTimestamp()
  updatedAt?: string;

  /** Every mirrored copy of this comment (one per synced tool), so edits and deletes find them. */
  @OptionalField()
  @Nested(() => ExternalRef, { each: true })
  externalRefs?: ExternalRef[];
}
