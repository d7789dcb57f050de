import { SwitchboardError, type ConnectorEvent, type WebhookHooks } from '@switchboard/connector-sdk';
import { EventType, type CommentData, type TicketData, type TicketUpdatedData } from '@switchboard/events';
import { switchboardChangeId } from '../api/history-metadata';
import { asRecord, list, text } from '../api/jira-json';
import type { JiraConfig } from '../jira.config';
import { changesFromChangelog } from '../mapping/changelog.mapper';
import { commentData } from '../mapping/comment.mapper';
import { ticketFromIssue } from '../mapping/issue.mapper';
import { jiraTimestamp } from '../mapping/jira-time';
import { issueRef, mappingContext, type MappingContext } from '../mapping/mapping-context';
import { parseWebhookPayload, type JiraWebhookPayload } from './webhook-payload';

type Events = ConnectorEvent<TicketData | TicketUpdatedData | CommentData>[];

/**
 * Webhook ingestion. The ingress has already verified Jira's HMAC (`X-Hub-Signature: sha256=…`,
 * declared in the manifest). Pure mapping, no API calls: this is the hub's hot ingest path, and the
 * same change always yields the same event id (a changelog id, a comment id and its update time),
 * so Jira's retried deliveries are stored once.
 */
export const jiraWebhook: WebhookHooks<JiraConfig> = {
  parse(ctx, request): Events {
    const payload = parseWebhookPayload(request.body);
    const mapping = mappingContext(ctx);
    switch (payload.webhookEvent) {
      case 'jira:issue_created':
        return [issueEvent(EventType.TicketCreated, 'created', payload, mapping)];
      case 'jira:issue_deleted':
        return [issueEvent(EventType.TicketDeleted, 'deleted', payload, mapping)];
      case 'jira:issue_updated':
        return issueUpdated(payload, mapping);
      case 'comment_created':
        return [commentEvent(EventType.CommentAdded, payload, mapping)];
      case 'comment_updated':
        return [commentEvent(EventType.CommentEdited, payload, mapping)];
      case 'comment_deleted':
        return [commentEvent(EventType.CommentDeleted, payload, mapping)];
      default:
        ctx.logger.debug('Jira webhook event ignored', { webhookEvent: payload.webhookEvent });
        return [];
    }
  },
};

/** A payload field the mapping found wrong: the sender gets a 422 naming it. */
const invalidAt = (path: string) => (problem: string) =>
  SwitchboardError.validation(`Not a Jira webhook payload: ${path} is ${problem}`, [
    { path, message: `is ${problem}` },
  ]);

function issueEvent(
  type: string,
  verb: 'created' | 'deleted',
  payload: JiraWebhookPayload,
  mapping: MappingContext,
): ConnectorEvent<TicketData> {
  const data = ticketFromIssue(payload.issue, mapping, invalidAt('body.issue'));
  const key = payload.issue!.key;
  const originchangeid = switchboardChangeId(payload.changelog);
  return {
    type,
    subject: key,
    data,
    time: jiraTimestamp(payload.timestamp) ?? (verb === 'created' ? data.createdAt : data.updatedAt),
    occurrenceKey: `issue:${text(payload.issue!.id) ?? key}:${verb}`,
    ...(originchangeid && { originchangeid }),
  };
}

/**
 * The changelog as the delta. An update without a change the canonical model carries (a comment,
 * which `jira:issue_updated` also announces; a Rank or Sprint move) yields no event.
 */
function issueUpdated(payload: JiraWebhookPayload, mapping: MappingContext): Events {
  const issue = payload.issue!;
  const changes = changesFromChangelog(list(payload.changelog?.items), mapping);
  if (changes.length === 0) return [];
  const fields = asRecord(issue.fields) ?? {};
  const updatedAt = jiraTimestamp(fields.updated);
  const time = jiraTimestamp(payload.timestamp) ?? updatedAt;
  const changelogId = text(payload.changelog?.id);
  const originchangeid = switchboardChangeId(payload.changelog);
  const data: TicketUpdatedData = {
    changes,
    ...(text(fields.summary) && { title: text(fields.summary) }),
    ...(updatedAt && { updatedAt }),
    externalRefs: [issueRef(mapping, issue.key)],
  };
  return [
    {
      type: EventType.TicketUpdated,
      subject: issue.key,
      data,
      ...(time && { time }),
      occurrenceKey: changelogId
        ? `changelog:${changelogId}`
        : `issue:${text(issue.id) ?? issue.key}:updated:${String(payload.timestamp ?? updatedAt ?? JSON.stringify(changes))}`,
      ...(originchangeid && { originchangeid }),
    },
  ];
}

function commentEvent(
  type: string,
  payload: JiraWebhookPayload,
  mapping: MappingContext,
): ConnectorEvent<CommentData> {
  const key = payload.issue!.key;
  const data = commentData(payload.comment, key, mapping, invalidAt('body.comment'));
  const at = jiraTimestamp(payload.timestamp);
  const occurrence =
    type === EventType.CommentAdded
      ? `comment:${data.commentId}:created`
      : type === EventType.CommentDeleted
        ? `comment:${data.commentId}:deleted`
        : `comment:${data.commentId}:updated:${data.updatedAt ?? at ?? ''}`;
  const time =
    type === EventType.CommentAdded
      ? (data.createdAt ?? at)
      : type === EventType.CommentEdited
        ? (data.updatedAt ?? at)
        : at;
  return {
    type,
    subject: `${key}/comments/${data.commentId}`,
    // Comments and changes of one ticket stay in order with each other.
    partitionkey: key,
    data,
    ...(time && { time }),
    occurrenceKey: occurrence,
  };
}
