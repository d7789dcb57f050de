import type { WebhookAuthScheme } from '../webhooks';

/** What a connector talks to; decides where it is listed and which canonical events it speaks. */
export const CONNECTOR_CATEGORIES = ['monitoring', 'ticketing', 'cmdb', 'identity', 'cloud'] as const;
export type ConnectorCategory = (typeof CONNECTOR_CATEGORIES)[number];

/** A class-validator decorated class, constructible without arguments (config, command input/output). */
export type SchemaClass<T extends object = object> = new () => T;

/** How the connector authenticates to the tool it talks to (shown to admins; informs the config form). */
export type OutboundAuthScheme =
  | { type: 'none' }
  | { type: 'basic'; usernameField: string; passwordSecret: string }
  | { type: 'bearer'; tokenSecret: string }
  | { type: 'api_key'; header: string; keySecret: string }
  | { type: 'oauth2_client_credentials'; tokenUrlField: string; clientIdField: string; clientSecret: string }
  | { type: 'ldap_bind'; bindDnField: string; passwordSecret: string };

/**
 * A command the connector accepts: `io.switchboard.cmd.<action>.v1` addressed to an instance,
 * its input validated against `input` before the handler runs, its output against `output`.
 */
export interface CommandDescriptor<TInput extends object = object, TOutput extends object = object> {
  description: string;
  input: SchemaClass<TInput>;
  output: SchemaClass<TOutput>;
  /**
   * True when running it twice has no further effect (a read, a status set to a fixed value).
   * False for creates: the runtime then refuses a second run for the same idempotency key.
   */
  idempotent: boolean;
}

/** Rate limits the vendor documents: the runtime sizes the per-instance budget from them. */
export interface RateLimitHint {
  /** Sustained requests per second the vendor allows one credential. */
  requestsPerSecond?: number;
  /** Requests in flight at once. */
  maxConcurrent?: number;
  /** Where the vendor documents it. */
  documentation?: string;
}

/** How the vendor pages lists; the conformance testkit probes the boundaries of this style. */
export interface PaginationHint {
  style: 'none' | 'offset' | 'page' | 'cursor' | 'link';
  /** Largest page the vendor serves. */
  maxPageSize?: number;
}

/** What the webhook ingress enforces for this connector before any connector code runs. */
export interface WebhookManifest {
  /**
   * Accepted ways for the sender to prove itself; the request must satisfy one of those whose
   * secrets are set on the instance. An instance with none of them set refuses every webhook:
   * there is no unauthenticated ingress.
   */
  auth: readonly WebhookAuthScheme[];
  /** Accepted media types (default `application/json`). */
  contentTypes?: readonly string[];
  /** Largest body accepted (default 1 MiB). */
  maxBodyBytes?: number;
}

/** How often the runtime polls, unless the instance config says otherwise. */
export interface PollManifest {
  /** Default interval between poll runs. */
  intervalMs: number;
  /** The smallest interval an instance may configure (protects the vendor). */
  minIntervalMs?: number;
}

/**
 * The static description of a connector type: everything the admin API needs to list it, render
 * and validate its config, and know what it emits and accepts, without running connector code.
 */
export interface ConnectorManifest<TConfig extends object = object> {
  /** Lower-case, e.g. `jira`. Appears in event sources: `/connectors/<id>/<instance>`. */
  id: string;
  /** Semver of the connector implementation, e.g. `1.4.0`. Instances pin a range of it. */
  version: string;
  category: ConnectorCategory;
  displayName: string;
  description: string;
  /**
   * The instance configuration, secrets included: mark secret properties with `@Secret()`.
   * Unknown properties are rejected.
   */
  configClass: SchemaClass<TConfig>;
  /** Secret properties in addition to those marked `@Secret()`, for classes you cannot decorate. */
  secretFields?: readonly string[];
  /** How the connector authenticates to the tool. */
  auth: readonly OutboundAuthScheme[];
  /**
   * Free-form capability words beyond those derived from the hooks (`webhook`, `poll`,
   * `register`, and each command), e.g. `ticket.sync`.
   */
  capabilities?: readonly string[];
  /** Canonical event types the connector emits (`io.switchboard.ops.alert.triggered.v1`, …). */
  emits: readonly string[];
  /** Commands by action name (`ticket.create`, `silence.create`). */
  commands?: Readonly<Record<string, CommandDescriptor>>;
  webhook?: WebhookManifest;
  poll?: PollManifest;
  rateLimit?: RateLimitHint;
  pagination?: PaginationHint;
}
