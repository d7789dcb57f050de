import type { CommentData, CommentVisibility } from '@switchboard/events';
import type { JiraComment } from '../api/jira-api.types';
import { asRecord, text } from '../api/jira-json';
import { jiraTimestamp } from './jira-time';
import { issueRef, JIRA_ID, type MappingContext } from './mapping-context';
import { personRef } from './person.mapper';
import { richText } from './rich-text';

/** The body of a comment that has none left in markdown (an image alone, a deleted comment). */
export const EMPTY_BODY = '(no text)';

/**
 * A Jira comment as canonical comment data. Internal when Jira restricts it: a role or group
 * visibility, or a JSM internal note (`jsdPublic: false`).
 */
export function commentData(
  value: unknown,
  issueKey: string,
  mapping: MappingContext,
  fail: (problem: string) => Error,
): CommentData {
  const comment = asRecord(value) as JiraComment | undefined;
  const id = text(comment?.id);
  if (!comment || !id) throw fail('a comment without an id');
  const body = richText(comment.body);
  const author = personRef(comment.author);
  const created = jiraTimestamp(comment.created);
  const updated = jiraTimestamp(comment.updated);
  const ticket = issueRef(mapping, issueKey);
  return {
    ticketRef: ticket,
    commentId: id,
    visibility: visibilityOf(comment),
    ...(author && { author }),
    body: body?.markdown || EMPTY_BODY,
    ...(body && { nativeBody: body.native }),
    ...(created && { createdAt: created }),
    ...(updated && { updatedAt: updated }),
    externalRefs: [
      {
        system: JIRA_ID,
        instanceId: mapping.instanceId,
        id,
        url: `${ticket.url}?focusedCommentId=${encodeURIComponent(id)}`,
      },
    ],
  };
}

export function visibilityOf(comment: JiraComment): CommentVisibility {
  const restricted = asRecord(comment.visibility);
  if (restricted && (text(restricted.value) || text(restricted.identifier))) return 'internal';
  return comment.jsdPublic === false ? 'internal' : 'public';
}
