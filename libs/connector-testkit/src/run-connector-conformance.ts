import type { ConformanceSetup, ConnectorConformanceOptions } from './conformance-options';
import { conformanceSuite } from './conformance-suite';

/**
 * Declares the conformance tests of a connector: a `describe('<id> conformance')` with one test
 * per check. Call it at the top level of the connector's spec file; `setup()` runs once before
 * the tests, its `teardown` once after.
 *
 * ```ts
 * runConnectorConformance({
 *   connector: jiraConnector,
 *   setup: async () => {
 *     const jira = await startFakeVendor(fakeJira);
 *     return { config: { baseUrl: jira.url }, secrets: { apiToken: TOKEN }, teardown: () => jira.close() };
 *   },
 *   badSecrets: () => ({ apiToken: 'revoked-token-0000' }),
 *   configForBaseUrl: (url) => ({ baseUrl: url }),
 *   fixtures: { webhooks: join(__dirname, 'fixtures', 'webhooks') },
 * });
 * ```
 *
 * See the testkit README for what each check proves.
 */
export function runConnectorConformance<TConfig extends object, TCursor, TSetup extends ConformanceSetup>(
  options: ConnectorConformanceOptions<TConfig, TCursor, TSetup>,
): void {
  const suite = conformanceSuite(options);
  describe(suite.name, () => {
    beforeAll(() => suite.start(), suite.timeoutMs);
    afterAll(() => suite.stop(), suite.timeoutMs);
    for (const check of suite.checks) it(check.title, () => check.run(), suite.timeoutMs);
  });
}
