import {
  replyJson,
  startFakeVendor,
  type FakeVendor,
  type VendorRequest,
} from '@switchboard/connector-testkit';
import type { ServerResponse } from 'node:http';

/** A ticket as the fake helpdesk stores it. */
export interface HelpdeskTicket {
  key: string;
  title: string;
  status: 'open' | 'closed';
  updatedAt: string;
  /** Our idempotency marker, kept in a custom field. */
  marker?: string;
}

export const HELPDESK_TOKEN = 'helpdesk-token-7f3a9c';
export const HELPDESK_SIGNING_SECRET = 'helpdesk-signing-secret-51d2';

/** A running fake helpdesk: its tickets can be inspected and counted. */
export interface FakeHelpdesk {
  vendor: FakeVendor;
  tickets: HelpdeskTicket[];
}

/**
 * The helpdesk's API, small: `GET /api/me`, `GET /api/tickets` (offset/limit, `updatedSince`
 * inclusive, `marker` search, `total`), `POST /api/tickets`. Every call needs the bearer token.
 */
export async function startFakeHelpdesk(): Promise<FakeHelpdesk> {
  const tickets: HelpdeskTicket[] = [
    { key: 'HD-1', title: 'Printer on fire', status: 'open', updatedAt: '2025-03-01T10:00:00.000Z' },
    { key: 'HD-2', title: 'VPN down', status: 'open', updatedAt: '2025-03-01T11:00:00.000Z' },
    { key: 'HD-3', title: 'Mail queue stuck', status: 'closed', updatedAt: '2025-03-02T09:30:00.000Z' },
  ];
  const vendor = await startFakeVendor((request, response) => {
    if (request.headers.authorization !== `Bearer ${HELPDESK_TOKEN}`)
      return replyJson(response, 401, { error: 'invalid token' });
    if (request.method === 'GET' && request.path === '/api/me')
      return replyJson(response, 200, { name: 'svc' });
    if (request.method === 'GET' && request.path === '/api/tickets')
      return listTickets(tickets, request, response);
    if (request.method === 'POST' && request.path === '/api/tickets') {
      const body = JSON.parse(request.body) as { title: string; marker?: string };
      const ticket: HelpdeskTicket = {
        key: `HD-${tickets.length + 1}`,
        title: body.title,
        status: 'open',
        updatedAt: new Date().toISOString(),
        marker: body.marker,
      };
      tickets.push(ticket);
      return replyJson(response, 201, ticket);
    }
    replyJson(response, 404, { error: 'no such endpoint' });
  });
  return { vendor, tickets };
}

/** The list endpoint, as the pagination simulator reuses it for generated collections. */
export function listTickets(
  tickets: readonly HelpdeskTicket[],
  request: VendorRequest,
  response: ServerResponse,
): void {
  const since = request.query.get('updatedSince');
  const marker = request.query.get('marker');
  const matching = tickets
    .filter(
      (ticket) =>
        (since === null || ticket.updatedAt >= since) && (marker === null || ticket.marker === marker),
    )
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.key.localeCompare(b.key));
  const offset = Number(request.query.get('offset') ?? 0);
  const limit = Number(request.query.get('limit') ?? 50);
  replyJson(response, 200, { tickets: matching.slice(offset, offset + limit), total: matching.length });
}
