import { pollPages } from '@switchboard/connector-sdk';
import type { ConformanceSetup, ConnectorConformanceOptions } from '@switchboard/connector-testkit';
import { join } from 'node:path';
import type { HelpdeskConfig, HelpdeskCursor } from './fake-helpdesk.connector';
import { fakeHelpdeskConnector, PAGE_SIZE, type HelpdeskFlaw } from './fake-helpdesk.connector';
import {
  HELPDESK_SIGNING_SECRET,
  HELPDESK_TOKEN,
  listTickets,
  startFakeHelpdesk,
  type FakeHelpdesk,
} from './fake-helpdesk.vendor';

export interface HelpdeskSetup extends ConformanceSetup {
  helpdesk: FakeHelpdesk;
}

/** Conformance options for the fake helpdesk, the way a connector's spec would write them. */
export function helpdeskConformance(
  ...flaws: HelpdeskFlaw[]
): ConnectorConformanceOptions<HelpdeskConfig, HelpdeskCursor, HelpdeskSetup> {
  return {
    connector: fakeHelpdeskConnector(...flaws),
    async setup() {
      const helpdesk = await startFakeHelpdesk();
      return {
        config: { baseUrl: helpdesk.vendor.url },
        secrets: { apiToken: HELPDESK_TOKEN, webhookSecret: HELPDESK_SIGNING_SECRET },
        helpdesk,
        teardown: () => helpdesk.vendor.close(),
      };
    },
    badSecrets: (setup) => ({ ...setup.secrets, apiToken: 'revoked-token-0000' }),
    configForBaseUrl: (url) => ({ baseUrl: url }),
    fixtures: { webhooks: join(__dirname, 'fixtures', 'webhooks') },
    poll: { farFutureCursor: { updatedSince: '9999-12-31T00:00:00.000Z' } },
    pagination: {
      pageSize: PAGE_SIZE,
      serve: (items, request, response) =>
        listTickets(
          items.map((item) => ({
            key: item.id,
            title: `Ticket ${item.index}`,
            status: 'open',
            updatedAt: '2025-01-01T00:00:00.000Z',
          })),
          request,
          response,
        ),
      probe: async (instance) => {
        const keys: string[] = [];
        for await (const page of pollPages(instance, undefined))
          keys.push(...page.events.map((event) => event.subject ?? ''));
        return keys;
      },
    },
    create: {
      action: 'ticket.create',
      input: { title: 'Created by the conformance kit' },
      count: async (setup) => setup.helpdesk.tickets.length,
    },
  };
}
