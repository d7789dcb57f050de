import { defineConnector, TICKETING_COMMANDS, type HttpSettings } from '@switchboard/connector-sdk';
import { EventType } from '@switchboard/events';
import { addComment } from './actions/comment-add.action';
import { createTicket } from './actions/ticket-create.action';
import { getTicket, searchTickets } from './actions/ticket-read.actions';
import { updateTicket } from './actions/ticket-update.action';
import { POLL_PAGE_SIZE, redmineIssuesPoll, type IssuesCursor } from './issues.poll';
import { REDMINE_ID } from './mapping/issue-mapper';
import { checkRedmine } from './redmine.check';
import { DEFAULT_POLL_INTERVAL_MS, MIN_POLL_INTERVAL_MS, RedmineConfig } from './redmine.config';

/** The platform HTTP client's settings: the Redmine root and the API key header. */
function httpSettings(config: RedmineConfig): HttpSettings {
  return {
    baseUrl: config.baseUrl,
    auth: { type: 'header', name: 'X-Redmine-API-Key', value: config.apiKey },
  };
}

/**
 * Redmine (5.x REST API): issues and journals in by polling (Redmine sends no webhooks), tickets
 * created, updated, commented, read and searched on command. See connectors/redmine/README.md.
 */
export const redmineConnector = defineConnector<RedmineConfig, IssuesCursor>({
  manifest: {
    id: REDMINE_ID,
    version: '1.0.0',
    category: 'ticketing',
    displayName: 'Redmine',
    description:
      'Redmine issues as tickets: changes and notes polled into ticket and comment events (old and new values), and tickets created (idempotently), updated, commented, read and searched on command.',
    configClass: RedmineConfig,
    auth: [{ type: 'api_key', header: 'X-Redmine-API-Key', keySecret: 'apiKey' }],
    capabilities: ['ticket.sync'],
    emits: [EventType.TicketCreated, EventType.TicketUpdated, EventType.CommentAdded],
    commands: {
      'ticket.create': {
        ...TICKETING_COMMANDS['ticket.create'],
        description:
          'Creates an issue; at most one per idempotency key (marker in the marker custom field, searched before creating).',
      },
      'ticket.update': TICKETING_COMMANDS['ticket.update'],
      'comment.add': {
        ...TICKETING_COMMANDS['comment.add'],
        description:
          'Adds a note (internal = private note); at most one per idempotency key (hidden marker in the note).',
      },
      'ticket.get': TICKETING_COMMANDS['ticket.get'],
      'ticket.search': TICKETING_COMMANDS['ticket.search'],
    },
    poll: { intervalMs: DEFAULT_POLL_INTERVAL_MS, minIntervalMs: MIN_POLL_INTERVAL_MS },
    // Redmine documents no limit; a poll reads one issue per request, so stay gentle by default.
    rateLimit: { requestsPerSecond: 25, maxConcurrent: 4 },
    pagination: { style: 'offset', maxPageSize: POLL_PAGE_SIZE },
  },
  hooks: {
    http: httpSettings,
    check: checkRedmine,
    poll: redmineIssuesPoll,
    actions: {
      'ticket.create': createTicket,
      'ticket.update': updateTicket,
      'comment.add': addComment,
      'ticket.get': getTicket,
      'ticket.search': searchTickets,
    },
  },
});
