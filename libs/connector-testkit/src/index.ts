// @switchboard/connector-testkit: the conformance suite every connector runs in its spec, and the
// fakes it is written with. Depends on the connector SDK, the events and errors libs only, so a
// connector written outside this repository can use it too. See libs/connector-testkit/README.md.
export { runConnectorConformance } from './run-connector-conformance';
export { conformanceSuite, DEFAULT_CHECK_TIMEOUT_MS } from './conformance-suite';
export type { ConformanceCheck, ConformanceSuite } from './conformance-suite';
export type {
  ConformanceFixtures,
  ConformanceSetup,
  ConnectorConformanceOptions,
  CreateConformance,
  FromSetup,
  PaginationCollection,
  PaginationConformance,
  PaginationItem,
  PollConformance,
  RateLimitConformance,
  WebhookSigner,
  WebhookToSign,
} from './conformance-options';
export { ConformanceFailure } from './conformance-failure';

// Fakes for connector specs
export { replyJson, startFakeVendor } from './harness/fake-vendor';
export type { FakeVendor, VendorHandler, VendorRequest } from './harness/fake-vendor';
export { loadWebhookFixtures } from './webhooks/webhook-fixtures';
export type { WebhookFixture } from './webhooks/webhook-fixtures';
export { signedWebhookRequest } from './webhooks/signed-webhook-request';
