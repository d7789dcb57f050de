import type { FieldError } from '@switchboard/errors';
import { SwitchboardError } from '@switchboard/errors';
import type { ConnectorDefinition } from '../define-connector';
import type { ConnectorContext } from '../hooks/connector-context';
import { ConnectorHttpClient, type ConnectorHttpClientOptions } from '../http';
import { redactingLogger, SecretRedactor, silentLogger, type ConnectorLogger } from '../logging';
import { resolveConnectorConfig } from '../manifest/config-validation';
import type { ConnectorManifest } from '../manifest/connector-manifest';
import { instanceRateLimit, type InstanceLimits } from '../manifest/instance-limits';
import { secretFieldsOfManifest } from '../manifest/secret.decorator';
import { MemoryStateStore, type ConnectorStateStore } from '../state/connector-state-store';

/** What a host (the runtime, the testkit, a script) knows about an instance it runs hooks for. */
export interface ConnectorInstanceOptions {
  tenantId: string;
  instanceId: string;
  /** Non-secret config, as stored. */
  config: Record<string, unknown>;
  /** Secret config, opened. */
  secrets: Record<string, unknown>;
  logger?: ConnectorLogger;
  state?: ConnectorStateStore;
  now?: () => Date;
  signal?: AbortSignal;
  /**
   * The admin's override of the manifest's rate-limit hint, merged over it field by field into
   * the HTTP client's rate budget.
   */
  limits?: InstanceLimits | null;
  /**
   * Platform settings of the HTTP client that are not the connector's to choose: the rate budget
   * (defaults to `limits` merged over the manifest's hint), health reporting, and test seams
   * (sleep, random, resolve).
   */
  http?: Partial<Omit<ConnectorHttpClientOptions, 'baseUrl' | 'auth' | 'secrets' | 'logger'>>;
}

/** A connector bound to one instance's config: the context every hook of it receives. */
export interface ConnectorInstance<TConfig extends object> {
  readonly definition: ConnectorDefinition<TConfig, unknown>;
  readonly context: ConnectorContext<TConfig>;
  /** Redacts this instance's secrets from any text or value (for errors and logs of the host). */
  readonly redactor: SecretRedactor;
  /** The secret config, for webhook verification. Never log it. */
  readonly secrets: Readonly<Record<string, string | undefined>>;
}

/**
 * Validates an instance's config against its connector and builds the hook context: the
 * platform's HTTP client (from the connector's `http` hook, with the instance's rate limit, the
 * instance's secrets registered for redaction), a redacting logger, the state store and clock.
 * The one way hosts bind a connector to an instance: the runtime and the testkit share it.
 */
export function bindConnector<TConfig extends object>(
  definition: ConnectorDefinition<TConfig, unknown>,
  options: ConnectorInstanceOptions,
): { ok: true; instance: ConnectorInstance<TConfig> } | { ok: false; errors: FieldError[] } {
  const manifest = definition.manifest as ConnectorManifest<TConfig>;
  const resolved = resolveConnectorConfig(manifest, options.config, options.secrets);
  if (!resolved.ok) return { ok: false, errors: resolved.errors };

  const secretFields = secretFieldsOfManifest(manifest);
  const secrets: Record<string, string | undefined> = {};
  for (const field of secretFields) {
    const value = options.secrets[field];
    secrets[field] =
      typeof value === 'string' ? value : value === undefined ? undefined : JSON.stringify(value);
  }
  const secretValues = Object.values(secrets).filter((value): value is string => value !== undefined);
  const redactor = new SecretRedactor(secretValues);
  const logger = redactingLogger(options.logger ?? silentLogger, redactor);
  const config = resolved.config;

  let http: ConnectorHttpClient | undefined;
  const settings = definition.hooks.http?.(config);
  if (settings) {
    http = new ConnectorHttpClient({
      rateLimit: instanceRateLimit(manifest.rateLimit, options.limits),
      ...options.http,
      ...settings,
      secrets: secretValues,
      logger,
    });
  }

  const context: ConnectorContext<TConfig> = {
    tenantId: options.tenantId,
    instanceId: options.instanceId,
    connectorType: manifest.id,
    config,
    get http(): ConnectorHttpClient {
      if (!http) {
        throw SwitchboardError.permanent(
          `Connector ${manifest.id} declares no http hook, so its hooks have no HTTP client`,
        );
      }
      return http;
    },
    logger,
    state: options.state ?? new MemoryStateStore(),
    now: options.now ?? (() => new Date()),
    signal: options.signal ?? new AbortController().signal,
  };
  return { ok: true, instance: { definition, context, redactor, secrets } };
}
