import {
  SwitchboardError,
  idempotentCreate,
  type ActionHandler,
  type CommentAddInput,
  type CommentAddOutput,
  type ConnectorContext,
} from '@switchboard/connector-sdk';
import { readAnswer, readIssueBody } from '../api/redmine-payloads';
import { commentMarkerOf, withCommentMarker } from '../mapping/comment-marker';
import { ticketRef } from '../mapping/issue-mapper';
import type { RedmineConfig } from '../redmine.config';
import { toRedmineText } from '../text/text-formatting';
import { issueNumber } from './issue-fields';

type Ctx = ConnectorContext<RedmineConfig>;

/**
 * `comment.add`: a journal with notes (`private_notes` for internal comments), at most one per
 * idempotency key. The marker rides in the note as a hidden last paragraph and is looked for in
 * the issue's journals before adding; the answer of `PUT /issues/N.json` has no body, so the new
 * journal's id is found the same way.
 */
export const addComment: ActionHandler<RedmineConfig, CommentAddInput, CommentAddOutput> = async (
  ctx,
  input,
  meta,
) => {
  const id = issueNumber(input.ticketId, 'input.ticketId');
  const { result, created } = await idempotentCreate(ctx, {
    key: meta.idempotencyKey,
    command: meta,
    find: async (marker) => {
      const journalId = await findMarkedJournal(ctx, id, marker);
      return journalId === undefined ? undefined : { journalId };
    },
    create: async (marker) => {
      const notes = withCommentMarker(toRedmineText(input.body, ctx.config.textFormatting), marker);
      await ctx.http.put(
        `/issues/${id}.json`,
        { issue: { notes, private_notes: input.visibility === 'internal' } },
        // A PUT that adds a note is no idempotent request: a repeat after a lost answer adds it
        // twice. idempotentCreate's search is what makes the retry safe.
        { signal: ctx.signal, retry: false },
      );
      const journalId = await findMarkedJournal(ctx, id, marker);
      if (journalId === undefined)
        throw SwitchboardError.permanent(
          `Redmine accepted the note on issue #${id} but does not show it to the hub's user (private notes need the "View private notes" permission), so its id is unknown`,
        );
      return { journalId };
    },
  });
  return { ticket: ticketRef(ctx.config, ctx.instanceId, id), commentId: String(result.journalId), created };
};

async function findMarkedJournal(ctx: Ctx, issueId: number, marker: string): Promise<number | undefined> {
  const { data } = await ctx.http.get<unknown>(`/issues/${issueId}.json`, {
    query: { include: 'journals' },
    signal: ctx.signal,
  });
  const issue = readAnswer(`GET /issues/${issueId}.json`, data, readIssueBody);
  return issue.journals?.find((journal) => commentMarkerOf(journal.notes) === marker)?.id;
}
