import { runCheck, type ConnectorInstance } from '@switchboard/connector-sdk';
import { ErrorCode, isSwitchboardError } from '@switchboard/errors';
import { ConformanceFailure, ensure, show } from '../conformance-failure';
import { replyJson, startFakeVendor } from '../harness/fake-vendor';
import type { CheckScope, ConformanceHarness } from '../harness/conformance-harness';
import { ManualClock } from '../harness/manual-clock';
import type { CheckDeclarer } from './check-declaration';

const DEFAULT_RETRY_AFTER_SECONDS = 2;

type RetryAfterForm = 'seconds' | 'HTTP date';

/**
 * 429 + Retry-After, in both forms RFC 9110 allows: the connector (through the platform's
 * client) waits at least as long as asked, or gives up reporting `rate_limited` with the wait.
 */
export const rateLimitChecks: CheckDeclarer = (harness) => {
  if (!harness.connector.hooks.http) {
    return [
      {
        id: 'http.rate-limit',
        title:
          'http: no http hook, so the platform client and its Retry-After handling are not used (asserted)',
        async run() {
          ensure(!harness.connector.hooks.http, 'The connector has an http hook');
        },
      },
    ];
  }
  const seconds = harness.options.rateLimit?.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  return (['seconds', 'HTTP date'] as const).map((form) => ({
    id: `http.retry-after-${form === 'seconds' ? 'seconds' : 'date'}`,
    title:
      form === 'seconds'
        ? `http: honours 429 with Retry-After: ${seconds} (seconds): waits that long, or reports rate_limited with retryAfterMs`
        : `http: honours 429 with Retry-After as an HTTP date ${seconds} s ahead: waits that long, or reports rate_limited`,
    run: (scope: CheckScope) => retryAfterHonoured(harness, scope, form, seconds),
  }));
};

async function retryAfterHonoured(
  harness: ConformanceHarness,
  scope: CheckScope,
  form: RetryAfterForm,
  seconds: number,
): Promise<void> {
  const configForBaseUrl = harness.options.configForBaseUrl;
  if (!configForBaseUrl)
    throw new ConformanceFailure(
      'The connector talks HTTP: pass configForBaseUrl(url, setup) so the kit can point it at its 429 server',
    );
  const clock = new ManualClock();
  const askedMs = seconds * 1000;
  const serve = harness.options.rateLimit?.serve;
  const vendor = await startFakeVendor((request, response, index) => {
    if (index > 0) return serve ? serve(request, response, index) : replyJson(response, 200, {});
    // An HTTP date has whole seconds: round up so the wait it means is never shorter than asked.
    const retryAfter =
      form === 'seconds'
        ? String(seconds)
        : new Date(Math.ceil(clock.now() / 1000) * 1000 + askedMs).toUTCString();
    replyJson(response, 429, { error: 'Too many requests' }, { 'retry-after': retryAfter });
  });
  try {
    const instance = scope.bind({
      config: configForBaseUrl(vendor.url, scope.setup),
      http: { sleep: clock.sleep, now: clock.now, random: () => 0 },
    });
    const outcome = await probe(harness, instance);
    scope.record(outcome.ok ? 'result' : 'error', `probe outcome (Retry-After ${form})`, outcome.value);

    ensure(
      vendor.requests.length > 0,
      'The probe sent no request to the base URL from configForBaseUrl(): use ctx.http, and put the URL where the http hook reads it',
    );
    const waited = clock.sleeps.some((ms) => ms >= askedMs);
    const reported = rateLimitedWait(outcome.value);
    ensure(
      waited || (reported !== undefined && reported >= askedMs),
      () =>
        `The vendor answered 429 with Retry-After ${form === 'seconds' ? seconds : '(a date)'} ` +
        `(${askedMs} ms); the client waited ${show(clock.sleeps)} ms and the probe ended with ${show(outcome.value)}. ` +
        'Expected a wait of at least the asked delay, or rate_limited with retryAfterMs ≥ it. ' +
        'Call the vendor through ctx.http and do not catch its rate_limited error into another status.',
    );
  } finally {
    await vendor.close();
  }
}

/** The probe's result or error: a default probe is `check`, as "test connection" runs it. */
async function probe(
  harness: ConformanceHarness,
  instance: ConnectorInstance<object>,
): Promise<{ ok: boolean; value: unknown }> {
  const custom = harness.options.rateLimit?.probe;
  try {
    return { ok: true, value: custom ? await custom(instance) : await runCheck(instance) };
  } catch (error) {
    return { ok: false, value: error };
  }
}

/** The wait a rate_limited outcome carries: a check result or a thrown SwitchboardError. */
function rateLimitedWait(value: unknown): number | undefined {
  if (isSwitchboardError(value)) return value.code === ErrorCode.RateLimited ? value.retryAfterMs : undefined;
  if (
    typeof value === 'object' &&
    value !== null &&
    (value as { status?: unknown }).status === 'rate_limited'
  ) {
    const wait = (value as { retryAfterMs?: unknown }).retryAfterMs;
    return typeof wait === 'number' ? wait : undefined;
  }
  return undefined;
}
