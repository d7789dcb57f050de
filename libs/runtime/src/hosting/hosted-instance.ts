import { setMaxListeners } from 'node:events';
import {
  effectiveInstanceLimits,
  type AnyConnectorDefinition,
  type ConnectorInstance as BoundConnector,
  type InstanceLimits,
} from '@switchboard/connector-sdk';
import { WorkLimiter } from './work-limiter';

// Kept in the SDK, where the admin API reads it too (for an instance's effectiveLimits).
export { DEFAULT_INSTANCE_CONCURRENCY } from '@switchboard/connector-sdk';

/**
 * One connector instance as this runtime hosts it: the stored facts, and (when it is enabled and
 * its config valid) the connector bound to its config. Replaced as a whole on every reload, so
 * work that started on a previous version finishes on the config it started with.
 */
export class HostedInstance {
  readonly limiter: WorkLimiter;

  constructor(
    readonly id: string,
    readonly tenantId: string,
    readonly connectorType: string,
    readonly version: number,
    readonly enabled: boolean,
    readonly definition: AnyConnectorDefinition | undefined,
    readonly bound: BoundConnector<object> | undefined,
    /** Why the instance cannot run, in one sentence (unknown type, invalid config, disabled). */
    readonly problem: string | undefined,
    /** The admin's override of the manifest's rate-limit hint, if any. */
    readonly limits: InstanceLimits | null = null,
    /** Aborted when this version is replaced or unloaded: the hooks' `ctx.signal`. */
    readonly abort: AbortController = new AbortController(),
  ) {
    this.limiter = new WorkLimiter(
      effectiveInstanceLimits(definition?.manifest.rateLimit, limits).maxConcurrent,
    );
    // Every request in flight listens to this signal (and stops listening when done): more than
    // ten at once is normal, not the leak Node's warning assumes.
    setMaxListeners(0, this.abort.signal);
  }

  /** True when hooks can run for it. */
  get runnable(): boolean {
    return this.enabled && this.bound !== undefined;
  }
}
