import { SwitchboardError, type FieldError } from '@switchboard/connector-sdk';
import { asRecord, text } from '../api/jira-json';

/** The webhook events the connector turns into canonical events; others are acknowledged and ignored. */
export const HANDLED_WEBHOOK_EVENTS = [
  'jira:issue_created',
  'jira:issue_updated',
  'jira:issue_deleted',
  'comment_created',
  'comment_updated',
  'comment_deleted',
] as const;
export type HandledWebhookEvent = (typeof HANDLED_WEBHOOK_EVENTS)[number];

/** A Jira webhook body, checked as far as the connector relies on it. */
export interface JiraWebhookPayload {
  webhookEvent: string;
  /** Epoch milliseconds (Cloud) or an ISO time (older payloads). */
  timestamp?: number | string;
  issue?: Record<string, unknown> & { key: string };
  comment?: Record<string, unknown>;
  changelog?: Record<string, unknown>;
}

/**
 * Checks what the mapping relies on: a `webhookEvent`, an `issue` with a key for issue and comment
 * events, a `comment` with an id for comment events. Throws a `validation` error listing every
 * problem by path (the sender gets a 422); unknown fields are fine (Jira adds fields).
 */
export function parseWebhookPayload(body: unknown): JiraWebhookPayload {
  const payload = asRecord(body);
  if (!payload) throw invalid([{ path: 'body', message: 'must be a JSON object' }]);
  const errors: FieldError[] = [];
  const event = text(payload.webhookEvent);
  if (!event) errors.push({ path: 'body.webhookEvent', message: 'must be a non-empty string' });
  const handled = event !== undefined && (HANDLED_WEBHOOK_EVENTS as readonly string[]).includes(event);
  const issue = asRecord(payload.issue);
  if (handled && !text(issue?.key)) errors.push({ path: 'body.issue.key', message: 'must be the issue key' });
  const comment = asRecord(payload.comment);
  if (handled && event.startsWith('comment_') && !text(comment?.id))
    errors.push({ path: 'body.comment.id', message: 'must be the comment id' });
  if (payload.changelog !== undefined && payload.changelog !== null && !asRecord(payload.changelog))
    errors.push({ path: 'body.changelog', message: 'must be an object' });
  if (errors.length > 0) throw invalid(errors);
  const timestamp = payload.timestamp;
  return {
    webhookEvent: event!,
    ...((typeof timestamp === 'number' || typeof timestamp === 'string') && { timestamp }),
    ...(issue && { issue: issue as JiraWebhookPayload['issue'] }),
    ...(comment && { comment }),
    ...(asRecord(payload.changelog) && { changelog: asRecord(payload.changelog) }),
  };
}

function invalid(errors: FieldError[]): SwitchboardError {
  return SwitchboardError.validation(
    `Not a Jira webhook payload: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
    errors,
  );
}
