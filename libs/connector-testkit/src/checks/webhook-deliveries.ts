import {
  DEFAULT_WEBHOOK_CONTENT_TYPES,
  DEFAULT_WEBHOOK_TOLERANCE_MS,
  processWebhook,
  signWebhook,
  type ConnectorInstance,
  type HmacWebhookScheme,
  type WebhookAuthScheme,
  type WebhookManifest,
  type WebhookOutcome,
  type WebhookRequest,
  type WebhookSecrets,
} from '@switchboard/connector-sdk';
import { ConformanceFailure, ensure, show } from '../conformance-failure';
import type { WebhookSigner } from '../conformance-options';
import type { CheckScope, ConformanceHarness } from '../harness/conformance-harness';
import { loadWebhookFixtures, type WebhookFixture } from '../webhooks/webhook-fixtures';
import {
  manifestWebhookSigner,
  schemeHeaders,
  schemeSecretFields,
  usableSchemes,
} from '../webhooks/webhook-signing';

/** How long after the first delivery the kit re-delivers a fixture (senders retry minutes later). */
const REDELIVERY_DELAY_MS = 90_000;

/** What the webhook checks do: load fixtures, sign them (rightly, wrongly, stale), deliver them. */
export class WebhookDeliveries {
  #fixtures?: WebhookFixture[];

  constructor(
    private readonly harness: ConformanceHarness,
    private readonly webhook: WebhookManifest,
  ) {}

  async fixturesBecomeEvents(scope: CheckScope): Promise<void> {
    const instance = scope.bind();
    const at = new Date();
    const problems: string[] = [];
    let events = 0;
    for (const fixture of this.fixtures()) {
      const outcome = await this.deliver(scope, instance, fixture, this.request(fixture, this.secrets(), at));
      if (outcome.ok) events += outcome.events.length;
      else problems.push(`  - ${fixture.name}: ${describeRefusal(outcome)}`);
    }
    ensure(
      problems.length === 0,
      () => `Fixtures the connector did not turn into events:\n${problems.join('\n')}`,
    );
    ensure(
      events > 0,
      'No fixture produced an event: add a delivery that carries something (an alert firing, a ticket created)',
    );
  }

  async redeliveryKeepsIds(scope: CheckScope): Promise<void> {
    const instance = scope.bind();
    const first = new Date();
    const again = new Date(first.getTime() + REDELIVERY_DELAY_MS);
    const problems: string[] = [];
    for (const fixture of this.fixtures()) {
      const one = await this.deliver(scope, instance, fixture, this.request(fixture, this.secrets(), first));
      const two = await this.deliver(scope, instance, fixture, this.request(fixture, this.secrets(), again));
      if (!one.ok || !two.ok) continue; // the fixtures check reports those
      const ids = (outcome: typeof one) => outcome.events.map((event) => event.id);
      if (show(ids(one)) !== show(ids(two)))
        problems.push(`  - ${fixture.name}: ${show(ids(one), 200)} then ${show(ids(two), 200)}`);
    }
    ensure(
      problems.length === 0,
      () =>
        `Re-delivered fixtures got new event ids, so consumers would act twice:\n${problems.join('\n')}\n` +
        'Set occurrenceKey (a delivery, journal or change id) and time (when it happened at the tool) on each event.',
    );
  }

  async refuses(scope: CheckScope, credentials: 'wrong' | 'none', status: 401 | 403): Promise<void> {
    const instance = scope.bind();
    const fixture = this.sample();
    const request = this.request(
      fixture,
      credentials === 'wrong' ? this.wrongSecrets() : undefined,
      new Date(),
    );
    const outcome = await this.deliver(scope, instance, fixture, request);
    const what = credentials === 'wrong' ? 'wrong credentials' : 'no credentials';
    ensure(!outcome.ok, `A webhook with ${what} was accepted: anyone could inject events`);
    ensure(
      outcome.status === status,
      () =>
        `A webhook with ${what} was refused with ${outcome.ok ? '' : describeRefusal(outcome)}; expected ${status}`,
    );
  }

  async refusesStale(scope: CheckScope, schemes: readonly HmacWebhookScheme[]): Promise<void> {
    const instance = scope.bind();
    const fixture = this.sample();
    const secrets = this.secrets();
    for (const scheme of schemes) {
      ensure(
        schemeSecretFields(scheme).every((field) => !!secrets[field]),
        () =>
          `setup() must set the secret ${scheme.secret} so the kit can test the replay window of ${scheme.header}`,
      );
      const receivedAt = new Date();
      const tolerance = scheme.timestamp?.toleranceMs ?? DEFAULT_WEBHOOK_TOLERANCE_MS;
      const staleAt = new Date(receivedAt.getTime() - tolerance - 10 * 60_000);
      const request: WebhookRequest = {
        headers: { ...this.baseHeaders(fixture), ...signWebhook(scheme, secrets, fixture.rawBody, staleAt) },
        rawBody: fixture.rawBody,
        receivedAt,
      };
      const outcome = await this.deliver(scope, instance, fixture, request);
      ensure(
        !outcome.ok,
        () => `A webhook signed ${tolerance / 1000 + 600}s ago was accepted: replays would pass`,
      );
      ensure(
        outcome.reason === 'stale_timestamp',
        () => `A stale webhook was refused with ${describeRefusal(outcome)}; expected reason stale_timestamp`,
      );
    }
  }

  /** Runs the ingress pipeline, recording what came out; a throw names the fixture. */
  private async deliver(
    scope: CheckScope,
    instance: ConnectorInstance<object>,
    fixture: WebhookFixture,
    request: WebhookRequest,
  ): Promise<WebhookOutcome> {
    let outcome: WebhookOutcome;
    try {
      outcome = await processWebhook(instance, request);
    } catch (error) {
      scope.record('error', `error thrown for webhook ${fixture.name}`, error);
      throw new ConformanceFailure(
        `Webhook ${fixture.name} made the connector throw (the ingress would answer 5xx and the tool retry forever): ${show(error)}. ` +
          'Throw a validation SwitchboardError for payloads that are not what the tool sends.',
      );
    }
    scope.record(outcome.ok ? 'event' : 'result', `webhook ${fixture.name} outcome`, outcome);
    return outcome;
  }

  private fixtures(): WebhookFixture[] {
    const dir = this.harness.options.fixtures?.webhooks;
    if (!dir)
      throw new ConformanceFailure(
        "The manifest declares a webhook: pass fixtures: { webhooks: join(__dirname, 'fixtures', 'webhooks') } " +
          'with deliveries captured from the real tool',
      );
    try {
      this.#fixtures ??= loadWebhookFixtures(dir);
    } catch (error) {
      throw new ConformanceFailure(`Cannot read the webhook fixtures: ${show(error)}`);
    }
    ensure(this.#fixtures.length > 0, `No fixture (<name>.json) in ${dir}`);
    return this.#fixtures;
  }

  /** A body for the refusal checks: the first fixture, or `{}` when there are none. */
  private sample(): WebhookFixture {
    try {
      return this.fixtures()[0]!;
    } catch {
      return { name: 'empty-object', rawBody: Buffer.from('{}'), headers: {} };
    }
  }

  private secrets(): WebhookSecrets {
    return stringSecrets(this.harness.setup.secrets);
  }

  /** The instance's webhook secrets, each changed: what a forger or a misconfigured sender has. */
  private wrongSecrets(): WebhookSecrets {
    const wrong: Record<string, string | undefined> = { ...this.secrets() };
    for (const scheme of this.webhook.auth)
      for (const field of schemeSecretFields(scheme)) wrong[field] = `${wrong[field] ?? ''}-not-it`;
    return wrong;
  }

  private signer(): WebhookSigner {
    return this.harness.options.signWebhook ?? manifestWebhookSigner(this.webhook, this.secrets());
  }

  /** The fixture's own headers without any credential it was captured with, plus a content type. */
  private baseHeaders(fixture: WebhookFixture): Record<string, string> {
    const credentialHeaders = new Set(
      this.webhook.auth.flatMap((scheme: WebhookAuthScheme) => schemeHeaders(scheme)),
    );
    const headers: Record<string, string> = {
      'content-type': (this.webhook.contentTypes ?? DEFAULT_WEBHOOK_CONTENT_TYPES)[0] ?? 'application/json',
    };
    for (const [name, value] of Object.entries(fixture.headers))
      if (!credentialHeaders.has(name)) headers[name] = value;
    return headers;
  }

  /** A delivery of `fixture` at `at`, signed with `secrets` (unsigned when undefined). */
  private request(fixture: WebhookFixture, secrets: WebhookSecrets | undefined, at: Date): WebhookRequest {
    const headers = this.baseHeaders(fixture);
    if (secrets) {
      if (
        this.harness.options.signWebhook === undefined &&
        usableSchemes(this.webhook, this.secrets()).length === 0
      )
        throw new ConformanceFailure(
          `setup() sets none of the webhook secrets (${this.webhook.auth.map((s) => schemeSecretFields(s).join(' + ')).join(' or ')}): ` +
            'the ingress refuses every webhook of such an instance',
        );
      const credentials = this.signer()({ rawBody: fixture.rawBody, headers, at }, secrets);
      for (const [name, value] of Object.entries(credentials)) headers[name.toLowerCase()] = value;
    }
    return { headers, rawBody: fixture.rawBody, receivedAt: at };
  }
}

/** Secrets as the engine hands them to webhook verification: strings, other values as JSON. */
function stringSecrets(secrets: Record<string, unknown>): WebhookSecrets {
  return Object.fromEntries(
    Object.entries(secrets).map(([field, value]) => [
      field,
      typeof value === 'string'
        ? value
        : value === undefined || value === null
          ? undefined
          : JSON.stringify(value),
    ]),
  );
}

function describeRefusal(outcome: Exclude<WebhookOutcome, { ok: true }>): string {
  const errors =
    'errors' in outcome && outcome.errors.length > 0
      ? ` (${outcome.errors.map((e) => `${e.path} ${e.message}`).join('; ')})`
      : '';
  return `${outcome.status} ${outcome.reason}: ${outcome.message}${errors}`;
}
