import type { ConnectorHttpClient } from '../http';
import type { ConnectorLogger } from '../logging';
import type { ConnectorStateStore } from '../state/connector-state-store';

/**
 * What every hook receives: the instance it runs for, its validated config (secrets included:
 * never log or return them; the logger and HTTP client redact them anyway), and the platform's
 * services. Hooks hold no state of their own between calls: anything that must survive goes
 * through `state` (or the poll cursor).
 */
export interface ConnectorContext<TConfig extends object = object> {
  readonly tenantId: string;
  readonly instanceId: string;
  /** The connector type id (`alertmanager`). */
  readonly connectorType: string;
  readonly config: TConfig;
  /**
   * The platform's HTTP client for this instance: base URL and auth from the manifest's `http`
   * hook, retries, Retry-After, rate budget, circuit breaker, host allow-list, redacted logs.
   * Undefined for connectors that declare no `http` hook (LDAP, SDK-based clouds).
   */
  readonly http: ConnectorHttpClient;
  readonly logger: ConnectorLogger;
  /** Durable key/value state of this instance (intents of idempotent creates, episode ids, …). */
  readonly state: ConnectorStateStore;
  /** The clock: use it instead of `new Date()` so tests can move time. */
  now(): Date;
  /** Aborted when the runtime stops or the instance is reloaded: stop long work early. */
  readonly signal: AbortSignal;
}
