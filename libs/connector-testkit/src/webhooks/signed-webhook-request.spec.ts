import { bindConnector, processWebhook } from '@switchboard/connector-sdk';
import { join } from 'node:path';
import { fakeHelpdeskConnector } from '../../test/fake-helpdesk/fake-helpdesk.connector';
import { HELPDESK_SIGNING_SECRET, HELPDESK_TOKEN } from '../../test/fake-helpdesk/fake-helpdesk.vendor';
import { signedWebhookRequest } from './signed-webhook-request';
import { loadWebhookFixtures } from './webhook-fixtures';

describe('signedWebhookRequest', () => {
  it('makes a fixture pass the ingress of an instance with those secrets, and only that one', async () => {
    const connector = fakeHelpdeskConnector();
    const secrets = { apiToken: HELPDESK_TOKEN, webhookSecret: HELPDESK_SIGNING_SECRET };
    const bind = (webhookSecret: string) => {
      const bound = bindConnector(connector, {
        tenantId: 't',
        instanceId: 'i',
        config: { baseUrl: 'http://127.0.0.1:9' },
        secrets: { ...secrets, webhookSecret },
      });
      if (!bound.ok) throw new Error('config refused');
      return bound.instance;
    };
    const [fixture] = loadWebhookFixtures(
      join(__dirname, '../../test/fake-helpdesk/fixtures/webhooks'),
    ).filter((f) => f.name === 'ticket-created');
    const request = signedWebhookRequest(connector.manifest, secrets, fixture!);
    expect(await processWebhook(bind(HELPDESK_SIGNING_SECRET), request)).toMatchObject({
      ok: true,
      events: [{ subject: 'HD-7' }],
    });
    expect(await processWebhook(bind('another-signing-secret'), request)).toMatchObject({
      ok: false,
      status: 403,
      reason: 'bad_signature',
    });
  });
});
