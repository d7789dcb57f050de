import type { HmacWebhookScheme, WebhookManifest } from '@switchboard/connector-sdk';
import { ensure } from '../conformance-failure';
import type { CheckDeclaration, CheckDeclarer } from './check-declaration';
import { WebhookDeliveries } from './webhook-deliveries';

/**
 * Webhooks, when the manifest declares them: fixtures become valid events, re-deliveries keep
 * their ids, wrong and missing credentials are refused, stale timestamps too.
 */
export const webhookChecks: CheckDeclarer = (harness) => {
  const webhook = harness.manifest.webhook;
  if (!webhook) {
    return [
      {
        id: 'webhook.none',
        title: 'webhook: none declared (asserted: no manifest.webhook and no webhook hook)',
        async run() {
          ensure(
            !harness.connector.hooks.webhook,
            'The connector has a webhook hook but its manifest declares no webhook',
          );
        },
      },
    ];
  }
  const context = new WebhookDeliveries(harness, webhook);
  return [
    {
      id: 'webhook.fixtures',
      title: 'webhook: every fixture becomes valid canonical events, at least one in all',
      run: (scope) => context.fixturesBecomeEvents(scope),
    },
    {
      id: 'webhook.redelivery',
      title: 'webhook: a fixture delivered again later yields the same event ids (deduplicated downstream)',
      run: (scope) => context.redeliveryKeepsIds(scope),
    },
    {
      id: 'webhook.wrong-credentials',
      title: 'webhook: a bad signature or wrong credentials are refused with 403',
      run: (scope) => context.refuses(scope, 'wrong', 403),
    },
    {
      id: 'webhook.missing-credentials',
      title: 'webhook: a delivery without credentials is refused with 401',
      run: (scope) => context.refuses(scope, 'none', 401),
    },
    timestampCheck(context, webhook),
  ];
};

function timestampCheck(context: WebhookDeliveries, webhook: WebhookManifest): CheckDeclaration {
  const timestamped = webhook.auth.filter(
    (scheme): scheme is HmacWebhookScheme => scheme.type === 'hmac' && scheme.timestamp !== undefined,
  );
  if (timestamped.length === 0) {
    const kinds = webhook.auth.map((scheme) => scheme.type).join(', ') || 'no scheme';
    return {
      id: 'webhook.stale-timestamp',
      title: `webhook: no declared scheme (${kinds}) carries a timestamp, so no replay window applies (asserted)`,
      async run() {
        ensure(
          webhook.auth.every((scheme) => scheme.type !== 'hmac' || scheme.timestamp === undefined),
          'A scheme declares a timestamp: its replay window must be tested',
        );
      },
    };
  }
  return {
    id: 'webhook.stale-timestamp',
    title: `webhook: a stale timestamp is refused with reason stale_timestamp (${timestamped.map((s) => s.header).join(', ')})`,
    run: (scope) => context.refusesStale(scope, timestamped),
  };
}
