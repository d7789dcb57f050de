import {
  checkFailed,
  checkPassed,
  creationMarker,
  defineConnector,
  idempotentCreate,
  Secret,
  SwitchboardError,
  type ConnectorContext,
  type ConnectorEvent,
  type PollPage,
} from '@switchboard/connector-sdk';
import { EventType } from '@switchboard/events';
import { IsOptional, IsString, IsUrl, MinLength } from 'class-validator';
import type { HelpdeskTicket } from './fake-helpdesk.vendor';

export class HelpdeskConfig {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  baseUrl!: string;

  @Secret()
  @IsString()
  @MinLength(1)
  apiToken!: string;

  /** Optional: an instance that only polls needs none. */
  @Secret()
  @IsOptional()
  @IsString()
  @MinLength(1)
  webhookSecret?: string;
}

export class CreateTicketInput {
  @IsString()
  @MinLength(1)
  title!: string;
}

export class CreateTicketOutput {
  @IsString()
  key!: string;
}

export interface HelpdeskCursor {
  updatedSince: string;
}

/** Ways the fake connector can be broken, each one a rule of the contract the kit must catch. */
export type HelpdeskFlaw =
  | 'logs-token-base64'
  | 'check-throws'
  | 'check-says-unreachable'
  | 'bypasses-platform-http'
  | 'cursor-goes-backwards'
  | 'random-event-ids'
  | 'ignores-cursor'
  | 'stops-after-first-page'
  | 'creates-every-time'
  | 'parse-throws'
  | 'invalid-event';

export const PAGE_SIZE = 2;
const EPOCH = '1970-01-01T00:00:00.000Z';

/** A ticketing connector with a webhook, a poll and a create, optionally broken in `flaws` ways. */
export function fakeHelpdeskConnector(...flaws: HelpdeskFlaw[]) {
  const flawed = (flaw: HelpdeskFlaw) => flaws.includes(flaw);

  const ticketEvent = (ticket: HelpdeskTicket, occurrence: string): ConnectorEvent => ({
    type: EventType.TicketCreated,
    subject: ticket.key,
    time: ticket.updatedAt,
    ...(flawed('random-event-ids') ? {} : { occurrenceKey: occurrence }),
    data: {
      kind: 'incident',
      ...(flawed('invalid-event') ? {} : { title: ticket.title }),
      status: ticket.status,
      nativeStatus: ticket.status,
    },
  });

  async function* poll(
    ctx: ConnectorContext<HelpdeskConfig>,
    cursor: HelpdeskCursor | undefined,
  ): AsyncIterable<PollPage<HelpdeskCursor>> {
    const since = flawed('ignores-cursor') ? EPOCH : (cursor?.updatedSince ?? EPOCH);
    let reached = cursor?.updatedSince ?? EPOCH;
    const pages = ctx.http.pages<HelpdeskTicket, { tickets: HelpdeskTicket[]; total: number }>(
      { path: '/api/tickets', query: { updatedSince: since } },
      {
        type: 'offset',
        pageSize: PAGE_SIZE,
        items: (body) => body.tickets,
        ...(flawed('stops-after-first-page') ? { maxPages: 1 } : { total: (body) => body.total }),
      },
    );
    for await (const page of pages) {
      for (const ticket of page.items) if (ticket.updatedAt > reached) reached = ticket.updatedAt;
      const next = flawed('cursor-goes-backwards') && page.index > 0 ? EPOCH : reached;
      yield {
        events: page.items.map((ticket) => ticketEvent(ticket, `${ticket.key}@${ticket.updatedAt}`)),
        cursor: { updatedSince: next },
      };
    }
  }

  return defineConnector<HelpdeskConfig, HelpdeskCursor>({
    manifest: {
      id: 'fake-helpdesk',
      version: '1.0.0',
      category: 'ticketing',
      displayName: 'Fake Helpdesk',
      description: 'A helpdesk stand-in for the testkit’s own tests.',
      configClass: HelpdeskConfig,
      auth: [{ type: 'bearer', tokenSecret: 'apiToken' }],
      emits: [EventType.TicketCreated],
      commands: {
        'ticket.create': {
          description: 'Creates a ticket.',
          input: CreateTicketInput,
          output: CreateTicketOutput,
          idempotent: false,
        },
      },
      webhook: {
        auth: [
          {
            type: 'hmac',
            secret: 'webhookSecret',
            algorithm: 'sha256',
            header: 'x-helpdesk-signature',
            prefix: 'sha256=',
            encoding: 'hex',
            signedPayload: '${timestamp}.${body}',
            timestamp: { header: 'x-helpdesk-timestamp' },
          },
        ],
      },
      poll: { intervalMs: 60_000 },
      pagination: { style: 'offset', maxPageSize: 100 },
    },
    hooks: {
      http: (config) => ({ baseUrl: config.baseUrl, auth: { type: 'bearer', token: config.apiToken } }),
      async check(ctx) {
        if (flawed('logs-token-base64'))
          ctx.logger.info('calling the helpdesk', {
            note: Buffer.from(ctx.config.apiToken).toString('base64'),
          });
        if (flawed('bypasses-platform-http')) {
          const response = await fetch(new URL('/api/me', ctx.config.baseUrl), {
            headers: { authorization: `Bearer ${ctx.config.apiToken}` },
          });
          return response.ok
            ? checkPassed('the helpdesk answered')
            : { ok: false, status: 'unreachable', detail: `the helpdesk answered ${response.status}` };
        }
        if (flawed('check-throws')) {
          await ctx.http.get('/api/me');
          return checkPassed('the helpdesk answered');
        }
        try {
          const me = await ctx.http.get<{ name: string }>('/api/me');
          return checkPassed(`signed in as ${me.data.name}`);
        } catch (error) {
          return flawed('check-says-unreachable')
            ? { ok: false, status: 'unreachable', detail: 'the helpdesk could not be reached' }
            : checkFailed(error, 'GET /api/me');
        }
      },
      webhook: {
        parse(_ctx, request) {
          const body = request.body as { event?: string; deliveryId?: string; ticket?: HelpdeskTicket };
          if (body.event === 'ping') return [];
          if (body.event !== 'ticket_created' || !body.ticket || !body.deliveryId) {
            if (flawed('parse-throws')) throw new Error('unexpected payload');
            throw SwitchboardError.validation('Not a helpdesk delivery', [
              { path: 'body.event', message: 'is unknown' },
            ]);
          }
          if (flawed('parse-throws')) throw new Error('cannot read the ticket');
          return [ticketEvent(body.ticket, body.deliveryId)];
        },
      },
      poll: {
        run: poll,
        compareCursors: (a, b) => a.updatedSince.localeCompare(b.updatedSince),
      },
      actions: {
        'ticket.create': async (ctx, input: CreateTicketInput, meta) => {
          const create = async (marker: string) =>
            (await ctx.http.post<HelpdeskTicket>('/api/tickets', { title: input.title, marker })).data;
          if (flawed('creates-every-time'))
            return { key: (await create(creationMarker(ctx, meta.idempotencyKey))).key };
          const { result } = await idempotentCreate(ctx, {
            key: meta.idempotencyKey,
            command: meta,
            find: async (marker) =>
              (await ctx.http.get<{ tickets: HelpdeskTicket[] }>('/api/tickets', { query: { marker } })).data
                .tickets[0],
            create,
          });
          return { key: result.key };
        },
      },
    },
  });
}
