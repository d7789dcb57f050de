import {
  ErrorCode,
  SwitchboardError,
  idempotentCreate,
  isSwitchboardError,
  type ActionHandler,
  type CommentAddInput,
  type CommentAddOutput,
  type ConnectorContext,
} from '@switchboard/connector-sdk';
import { markdownToAdf } from '../adf/markdown-to-adf.converter';
import { asRecord, expectRecord, list, malformedResponse, text } from '../api/jira-json';
import { JiraPaths } from '../api/jira-paths';
import { jiraSession } from '../api/jira-session';
import type { JiraConfig } from '../jira.config';
import { issueRef, mappingContext } from '../mapping/mapping-context';

/** How far back a retry looks for the comment a lost answer hid (newest first). */
const RECENT_COMMENTS = 50;

/**
 * `comment.add`: at most one comment per idempotency key. Comments have no labels and cannot be
 * searched by property, so the comment carries the marker as a comment property and a retry looks
 * among the newest comments by the integration user for the one whose property holds it.
 * `internal` becomes a JSM internal note or a role/group restricted comment (config
 * `internalComments`); with neither configured it is refused, never posted publicly.
 */
export const addComment: ActionHandler<JiraConfig, CommentAddInput, CommentAddOutput> = async (
  ctx,
  input,
  meta,
) => {
  const mapping = mappingContext(ctx);
  const restriction = input.visibility === 'internal' ? internalRestriction(ctx.config) : {};
  const propertyKey = ctx.config.entityPropertyKey;
  const { result, created } = await idempotentCreate(ctx, {
    key: meta.idempotencyKey,
    command: meta,
    find: async (marker) => {
      const commentId = await findCommentByMarker(ctx, input.ticketId, marker);
      return commentId === undefined ? undefined : { commentId };
    },
    create: async (marker) => {
      const path = JiraPaths.comments(input.ticketId);
      const { data } = await ctx.http.post<unknown>(
        path,
        {
          body: markdownToAdf(input.body),
          ...restriction,
          properties: [
            ...((restriction as { properties?: unknown[] }).properties ?? []),
            { key: propertyKey, value: { marker, instanceId: ctx.instanceId } },
          ],
        },
        { signal: ctx.signal },
      );
      const commentId = text(expectRecord(`POST ${path}`, data).id);
      if (!commentId) throw malformedResponse(`POST ${path}`, 'no comment id', data);
      return { commentId };
    },
  });
  return { ticket: issueRef(mapping, input.ticketId), commentId: result.commentId, created };
};

/** The request fields that make a comment internal. */
function internalRestriction(config: JiraConfig): Record<string, unknown> {
  switch (config.internalComments) {
    case 'service-desk':
      return { properties: [{ key: 'sd.public.comment', value: { internal: true } }] };
    case 'role':
    case 'group':
      return { visibility: { type: config.internalComments, value: config.internalCommentRestriction } };
    default:
      throw SwitchboardError.validation('This Jira instance has nowhere to put internal comments', [
        {
          path: 'input.visibility',
          message: 'is internal, but internalComments is not configured (service-desk, role or group)',
        },
      ]);
  }
}

/** The id of the recent comment by us whose property carries `marker`, else undefined. */
async function findCommentByMarker(
  ctx: ConnectorContext<JiraConfig>,
  issueKey: string,
  marker: string,
): Promise<string | undefined> {
  const { accountId } = await jiraSession(ctx);
  const path = JiraPaths.comments(issueKey);
  const { data } = await ctx.http.get<unknown>(path, {
    query: { orderBy: '-created', maxResults: RECENT_COMMENTS },
    signal: ctx.signal,
  });
  const comments = expectRecord(`GET ${path}`, data).comments;
  if (!Array.isArray(comments)) throw malformedResponse(`GET ${path}`, 'comments is not a list', data);
  const ours = list(comments)
    .map(asRecord)
    .filter((c) => text(asRecord(c?.author)?.accountId) === accountId)
    .map((c) => text(c?.id))
    .filter((id): id is string => id !== undefined)
    .slice(0, 10);
  for (const id of ours) {
    const property = JiraPaths.commentProperty(id, ctx.config.entityPropertyKey);
    try {
      const { data: found } = await ctx.http.get<unknown>(property, { signal: ctx.signal });
      if (asRecord(asRecord(found)?.value)?.marker === marker) return id;
    } catch (error) {
      if (!(isSwitchboardError(error) && error.code === ErrorCode.NotFound)) throw error;
    }
  }
  return undefined;
}
