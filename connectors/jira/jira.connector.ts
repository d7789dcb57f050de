import { defineConnector, TICKETING_COMMANDS, type HttpSettings } from '@switchboard/connector-sdk';
import { EventType } from '@switchboard/events';
import { addComment } from './actions/comment-add.action';
import { createTicket } from './actions/ticket-create.action';
import { getTicket } from './actions/ticket-get.action';
import { searchTickets } from './actions/ticket-search.action';
import { updateTicket } from './actions/ticket-update.action';
import { checkJira } from './check/jira.check';
import { JiraConfig } from './jira.config';
import { JIRA_ID } from './mapping/mapping-context';
import { jiraWebhook } from './webhook/jira.webhook';

/** The platform HTTP client's settings: the site, and basic auth with the API token or an OAuth bearer. */
function httpSettings(config: JiraConfig): HttpSettings {
  return {
    baseUrl: config.baseUrl,
    auth: config.oauthToken
      ? { type: 'bearer', token: config.oauthToken }
      : { type: 'basic', username: config.email ?? '', password: config.apiToken ?? '' },
  };
}

/**
 * Jira Cloud (REST API v3): issues and comments in through admin webhooks signed with the
 * webhook secret; tickets created, updated (status through the workflow), commented, read and
 * searched on command. See connectors/jira/README.md.
 */
export const jiraConnector = defineConnector<JiraConfig>({
  manifest: {
    id: JIRA_ID,
    version: '1.0.0',
    category: 'ticketing',
    displayName: 'Jira Cloud',
    description:
      'Issues and comments from Jira Cloud webhooks (changelog as the delta); tickets created idempotently, updated through workflow transitions, commented (ADF ⇄ markdown), read and searched with JQL.',
    configClass: JiraConfig,
    auth: [
      { type: 'basic', usernameField: 'email', passwordSecret: 'apiToken' },
      { type: 'bearer', tokenSecret: 'oauthToken' },
    ],
    capabilities: ['ticket.sync'],
    emits: [
      EventType.TicketCreated,
      EventType.TicketUpdated,
      EventType.TicketDeleted,
      EventType.CommentAdded,
      EventType.CommentEdited,
      EventType.CommentDeleted,
    ],
    commands: {
      'ticket.create': TICKETING_COMMANDS['ticket.create'],
      'ticket.update': TICKETING_COMMANDS['ticket.update'],
      'comment.add': TICKETING_COMMANDS['comment.add'],
      'ticket.get': TICKETING_COMMANDS['ticket.get'],
      'ticket.search': TICKETING_COMMANDS['ticket.search'],
    },
    webhook: {
      // Jira Cloud admin webhooks with a secret: HMAC-SHA256 of the raw body, WebSub style.
      auth: [
        {
          type: 'hmac',
          secret: 'webhookSecret',
          algorithm: 'sha256',
          header: 'x-hub-signature',
          prefix: 'sha256=',
          encoding: 'hex',
        },
      ],
      contentTypes: ['application/json'],
    },
    rateLimit: {
      requestsPerSecond: 10,
      maxConcurrent: 4,
      documentation: 'https://developer.atlassian.com/cloud/jira/platform/rate-limiting/',
    },
    pagination: { style: 'cursor', maxPageSize: 500 },
  },
  hooks: {
    http: httpSettings,
    check: checkJira,
    webhook: jiraWebhook,
    actions: {
      'ticket.create': createTicket,
      'ticket.update': updateTicket,
      'comment.add': addComment,
      'ticket.get': getTicket,
      'ticket.search': searchTickets,
    },
  },
});
