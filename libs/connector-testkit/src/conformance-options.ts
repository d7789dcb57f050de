import type { ServerResponse } from 'node:http';
import type { ConnectorDefinition, ConnectorInstance, WebhookSecrets } from '@switchboard/connector-sdk';
import type { VendorHandler, VendorRequest } from './harness/fake-vendor';

/** A working instance of the connector, as `setup()` provides it. */
export interface ConformanceSetup {
  /** Non-secret config, as an admin would store it (e.g. `{ baseUrl: vendor.url }`). */
  config: Record<string, unknown>;
  /**
   * Secret config, webhook secrets included. Use distinctive values of 8 characters or more: the
   * kit hunts for them (and their encodings) in everything the connector outputs.
   */
  secrets: Record<string, unknown>;
  /** Stops whatever `setup()` started (fake vendors, containers). Runs once, after every check. */
  teardown?(): void | Promise<void>;
}

/** A value, or a function computing it from what `setup()` returned. */
export type FromSetup<T, TSetup> = T | ((setup: TSetup) => T);

/** A webhook the kit is about to send, before its credentials are added. */
export interface WebhookToSign {
  /** The exact bytes of the body. */
  rawBody: Buffer;
  /** The headers it carries so far (lower-case names), content type included. */
  headers: Readonly<Record<string, string>>;
  /** When the sender sends it: sign timestamps with this. */
  at: Date;
}

/**
 * Adds a sender's credentials to a webhook: returns the headers to set (signature, timestamp,
 * token). Called with the instance's secrets, and with wrong ones to prove they are refused.
 */
export type WebhookSigner = (request: WebhookToSign, secrets: WebhookSecrets) => Record<string, string>;

/** Fixture folders, captured from the real tool (see the testkit README for the format). */
export interface ConformanceFixtures {
  /**
   * Folder of webhook deliveries: `<name>.json` is the body exactly as the tool sent it,
   * optional `<name>.headers.json` the non-auth headers it came with (event type, content type).
   */
  webhooks?: string;
}

/** Options of the poll checks. */
export interface PollConformance<TCursor, TSetup> {
  /** A cursor later than anything the vendor behind `setup()` holds: a run from it yields nothing. */
  farFutureCursor: FromSetup<TCursor, TSetup>;
  /** A run with more pages fails the check (a poll that never ends). Default 100. */
  maxPages?: number;
}

/** Options of the 429 + Retry-After checks. */
export interface RateLimitConformance<TConfig extends object> {
  /** What to run against the kit's 429 server. Default: the `check` hook. */
  probe?(instance: ConnectorInstance<TConfig>): Promise<unknown>;
  /** Answers every request after the first (the 429). Default: 200 with `{}`. */
  serve?: VendorHandler;
  /** The delay the server asks for. Default 2 (seconds). */
  retryAfterSeconds?: number;
}

/** An item of the pagination checks' collection; map it to the vendor's shape in `serve`. */
export interface PaginationItem {
  /** Unique, e.g. `item-0003`: what `probe` returns for it. */
  id: string;
  /** 0-based position in the collection. */
  index: number;
}

/**
 * A collection the kit asked for, put into the tool itself (for a connector without an `http`
 * hook, which the kit cannot point at an HTTP simulator).
 */
export interface PaginationCollection {
  /** The config of an instance that lists exactly the collection (e.g. a base DN holding it). */
  config: Record<string, unknown>;
  /** Takes the collection out of the tool again; runs when the check ends, passed or failed. */
  remove?(): void | Promise<void>;
}

/** Options of the pagination boundary checks. */
export interface PaginationConformance<TConfig extends object, TSetup = ConformanceSetup> {
  /** The page size the connector asks for (the boundaries are probed around it). */
  pageSize: number;
  /**
   * The vendor simulator, for a connector with an `http` hook: answers one list request with the
   * right page of `items`, in the vendor's paging format (offset/limit, page numbers, cursors or
   * Link headers).
   */
  serve?(
    items: readonly PaginationItem[],
    request: VendorRequest,
    response: ServerResponse,
  ): void | Promise<void>;
  /**
   * For a connector without an `http` hook (LDAP, SDK-based clouds), whose paging the kit cannot
   * simulate over HTTP: puts exactly `items` into the tool behind `setup()` (entries under a fresh
   * base DN, objects under a fresh prefix) and resolves with the config of an instance listing
   * them. The connector then pages through the real tool's paging.
   */
  collection?(items: readonly PaginationItem[], setup: TSetup): Promise<PaginationCollection>;
  /** Lists the whole collection through the connector; resolves with the ids of what it listed. */
  probe(instance: ConnectorInstance<TConfig>): Promise<Iterable<string>>;
}

/** Options of the idempotent-create checks. */
export interface CreateConformance<TSetup> {
  /** The action that creates something at the vendor, e.g. `ticket.create`. */
  action: string;
  /** A valid input of the action. */
  input: FromSetup<Record<string, unknown>, TSetup>;
  /** How many such things exist at the vendor now (the kit counts before and after). */
  count(setup: TSetup): Promise<number>;
}

/**
 * What {@link runConnectorConformance} needs to know about a connector. Checks that the manifest
 * makes relevant (webhook, poll, http, pagination, non-idempotent commands) fail with a clear
 * message when the option they need is missing.
 */
export interface ConnectorConformanceOptions<
  TConfig extends object = object,
  TCursor = unknown,
  TSetup extends ConformanceSetup = ConformanceSetup,
> {
  /** The connector under test, as `defineConnector` returned it. */
  connector: ConnectorDefinition<TConfig, TCursor>;
  /** Provides a working instance: config and secrets, usually pointing at a fake vendor. Runs once. */
  setup(): Promise<TSetup>;
  /** Secrets with wrong credentials (a revoked token, a wrong password) for the same config. */
  badSecrets(setup: TSetup): Record<string, unknown>;
  /** The config of `setup()` pointed at another base URL: the kit's 429 and pagination servers. */
  configForBaseUrl?(baseUrl: string, setup: TSetup): Record<string, unknown>;
  fixtures?: ConformanceFixtures;
  /**
   * Adds valid credentials to a fixture webhook. Default: derived from the first declared
   * webhook scheme whose secrets are set (HMAC signature and timestamp, bearer token, Basic).
   */
  signWebhook?: WebhookSigner;
  poll?: PollConformance<TCursor, TSetup>;
  rateLimit?: RateLimitConformance<TConfig>;
  pagination?: PaginationConformance<TConfig, TSetup>;
  create?: CreateConformance<TSetup>;
  /** Per check (and for `setup`). Default 20 000 ms. */
  timeoutMs?: number;
}
