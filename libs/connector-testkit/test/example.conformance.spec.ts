import { exampleConnectorType } from '@switchboard/connector-registry';
import { replyJson, runConnectorConformance, startFakeVendor } from '@switchboard/connector-testkit';

const TOKEN = 'example-token-3b8e1d';

// The example connector only checks: the kit must pass it, declaring every other concern absent.
runConnectorConformance({
  connector: exampleConnectorType,
  async setup() {
    const vendor = await startFakeVendor((request, response) =>
      request.headers.authorization === `Bearer ${TOKEN}`
        ? replyJson(response, 200, { ok: true })
        : replyJson(response, 401, { error: 'invalid token' }),
    );
    return {
      config: { baseUrl: vendor.url, project: 'OPS' },
      secrets: { apiToken: TOKEN },
      teardown: () => vendor.close(),
    };
  },
  badSecrets: () => ({ apiToken: 'revoked-token-0000' }),
  configForBaseUrl: (url, setup) => ({ ...setup.config, baseUrl: url }),
});
