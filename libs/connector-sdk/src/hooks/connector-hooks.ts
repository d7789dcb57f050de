import type { ConnectorHttpClientOptions } from '../http';
import type { ConnectorEvent } from '../events/connector-event';
import type { WebhookRequest, WebhookVerificationResult } from '../webhooks';
import type { ConnectorContext } from './connector-context';

/** Outcome of `check`: what an admin sees after "test connection", and the instance's health. */
export interface CheckResult {
  ok: boolean;
  /**
   * `ok`; `auth_failed` (credentials refused); `unreachable` (network, DNS, TLS, 5xx);
   * `rate_limited`; `misconfigured` (the tool answered but not as configured: unknown project,
   * missing permission, wrong API version).
   */
  status: 'ok' | 'auth_failed' | 'unreachable' | 'rate_limited' | 'misconfigured';
  /** One sentence for the admin, never containing a secret. */
  detail: string;
  /** What the tool said about itself (`version: 0.25.0`), when it says it. */
  remote?: Record<string, string>;
  /** For `rate_limited`: when to try again. */
  retryAfterMs?: number;
}

/** The platform-owned HTTP client's settings for an instance, derived from its config. */
export type HttpSettings = Pick<
  ConnectorHttpClientOptions,
  | 'baseUrl'
  | 'auth'
  | 'timeoutMs'
  | 'headers'
  | 'allowedHosts'
  | 'allowLinkLocal'
  | 'allowCloudMetadata'
  | 'denyPrivateNetworks'
>;

/** Webhook hooks: the ingress verified the declared auth before calling them. */
export interface WebhookHooks<TConfig extends object> {
  /**
   * Extra verification beyond the manifest's declared schemes (a vendor-specific signature).
   * Runs after the declared schemes passed.
   */
  verify?(
    ctx: ConnectorContext<TConfig>,
    request: WebhookRequest,
  ): WebhookVerificationResult | Promise<WebhookVerificationResult>;
  /**
   * Turns a verified request into canonical events. Throw a `validation` SwitchboardError for a
   * payload that is not what the vendor sends (the sender gets a 422 problem, nothing is
   * published). Returning no events is fine (a ping, an event type we ignore).
   */
  parse(
    ctx: ConnectorContext<TConfig>,
    request: WebhookRequest & { body: unknown },
  ): ConnectorEvent[] | Promise<ConnectorEvent[]>;
}

/** One page of a poll: events to publish, then the cursor to checkpoint once they are stored. */
export interface PollPage<TCursor> {
  events: ConnectorEvent[];
  /** Where the next run (or page) starts. Must never go backwards. */
  cursor: TCursor;
}

/**
 * Polling. The runtime calls `run` on the manifest's schedule with the last checkpointed cursor
 * (undefined on the first run), publishes each page's events and only then checkpoints its cursor:
 * a crash mid-run repeats at most one page (events are deduplicated by `occurrenceKey`).
 * Cursors are JSON. Make boundaries inclusive and rely on the dedup rather than risk a gap.
 */
export interface PollHooks<TConfig extends object, TCursor> {
  run(ctx: ConnectorContext<TConfig>, cursor: TCursor | undefined): AsyncIterable<PollPage<TCursor>>;
  /** Negative when `a` is before `b`: lets the testkit prove the cursor is monotonic. */
  compareCursors(a: TCursor, b: TCursor): number;
}

/** Registration of the vendor-side webhook subscription. */
export interface RegistrationHooks<TConfig extends object> {
  /** Creates (or finds and updates) the subscription pointing at `callbackUrl`. */
  register(ctx: ConnectorContext<TConfig>, callbackUrl: string): Promise<{ externalId: string }>;
  unregister(ctx: ConnectorContext<TConfig>, externalId: string): Promise<void>;
}

/** Extra facts about a command run, beyond its validated input. */
export interface CommandMeta {
  idempotencyKey: string;
  commandId: string;
  runId?: string;
  stepId?: string;
  /** 1 on the first delivery of this command. */
  attempt: number;
  /** When the command was issued (its event's `time`), if it said. */
  issuedAt?: Date;
}

/** What an action handler returns: its output, and canonical events to publish with the result. */
export interface ActionResult<TOutput> {
  output: TOutput;
  events?: ConnectorEvent[];
}

export type ActionHandler<TConfig extends object, TInput, TOutput> = (
  ctx: ConnectorContext<TConfig>,
  input: TInput,
  meta: CommandMeta,
) => Promise<TOutput | ActionResult<TOutput>>;

/**
 * The behaviour of a connector. Only `check` is required; the others are offered when present
 * and must match the manifest (a webhook hook needs `manifest.webhook`, every command an action).
 */
export interface ConnectorHooks<TConfig extends object, TCursor = unknown> {
  /** Health and credentials: one cheap authenticated call. Never throws: report through the result. */
  check(ctx: ConnectorContext<TConfig>): Promise<CheckResult>;
  /** How the platform's HTTP client reaches the tool for this config (base URL, auth). */
  http?(config: TConfig): HttpSettings;
  webhook?: WebhookHooks<TConfig>;
  poll?: PollHooks<TConfig, TCursor>;
  /** Command handlers by action name; each action must be declared in `manifest.commands`. */
  // Handlers take `never` input here so that each can keep its own precise input type.
  actions?: Readonly<Record<string, ActionHandler<TConfig, never, object>>>;
  register?: RegistrationHooks<TConfig>;
}
