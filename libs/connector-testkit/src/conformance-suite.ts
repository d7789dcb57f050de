import type { ConformanceSetup, ConnectorConformanceOptions } from './conformance-options';
import type { CheckDeclarer } from './checks/check-declaration';
import { checkHookChecks } from './checks/check-hook.checks';
import { createChecks } from './checks/create.checks';
import { manifestChecks } from './checks/manifest.checks';
import { paginationChecks } from './checks/pagination.checks';
import { pollChecks } from './checks/poll.checks';
import { rateLimitChecks } from './checks/rate-limit.checks';
import { secretsChecks } from './checks/secrets.checks';
import { webhookChecks } from './checks/webhook.checks';
import { ConformanceHarness, type ErasedOptions } from './harness/conformance-harness';

/** One conformance check, runnable on its own once the suite has started. */
export interface ConformanceCheck {
  /** Stable key, e.g. `check.bad-credentials` or `webhook.stale-timestamp`. */
  readonly id: string;
  /** What it proves, as a sentence (the Jest test title). */
  readonly title: string;
  /** Resolves when the connector conforms; rejects with a {@link ConformanceFailure} saying why not. */
  run(): Promise<void>;
}

/** The checks for one connector, with the setup they share. */
export interface ConformanceSuite {
  /** `<id> conformance`. */
  readonly name: string;
  readonly checks: readonly ConformanceCheck[];
  /** Per check (and for setup), from the options. */
  readonly timeoutMs: number;
  /** Runs `setup()`. Call once before any check. */
  start(): Promise<void>;
  /** Runs the setup's `teardown`. */
  stop(): Promise<void>;
  /** The check with this id; throws when there is none (its capability is not declared). */
  check(id: string): ConformanceCheck;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 20_000;

// The secrets check reads what every other check recorded: it stays last.
const DECLARERS: readonly CheckDeclarer[] = [
  manifestChecks,
  checkHookChecks,
  webhookChecks,
  pollChecks,
  rateLimitChecks,
  paginationChecks,
  createChecks,
  secretsChecks,
];

/**
 * The conformance checks of a connector, without a test runner: what
 * {@link runConnectorConformance} declares as Jest tests. Which checks exist follows from the
 * manifest (a webhook, a poll, an http hook, a paging style, non-idempotent commands); each
 * capability that is absent gets one check asserting it is absent, so nothing is skipped silently.
 */
export function conformanceSuite<TConfig extends object, TCursor, TSetup extends ConformanceSetup>(
  options: ConnectorConformanceOptions<TConfig, TCursor, TSetup>,
): ConformanceSuite {
  // The checks work on the erased types; the generic signature is for the caller's inference.
  const harness = new ConformanceHarness(options as unknown as ErasedOptions);
  const checks = DECLARERS.flatMap((declare) => declare(harness)).map((declaration): ConformanceCheck => ({
    id: declaration.id,
    title: declaration.title,
    run: () => harness.run(declaration.title, (scope) => declaration.run(scope)),
  }));
  return {
    name: `${String(options.connector.manifest.id)} conformance`,
    checks,
    timeoutMs: options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    start: () => harness.start(),
    stop: () => harness.stop(),
    check(id) {
      const found = checks.find((check) => check.id === id);
      if (!found) throw new Error(`No check ${id}; the suite has ${checks.map((c) => c.id).join(', ')}`);
      return found;
    },
  };
}
