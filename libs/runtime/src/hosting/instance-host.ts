import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_BUS, type EventBus, type Subscription } from '@switchboard/bus';
import { SwitchboardConfig } from '@switchboard/config';
import { ConnectorInstance, ConnectorTypeRegistry, instanceLimitsOf } from '@switchboard/connector-registry';
import { bindConnector } from '@switchboard/connector-sdk';
import { SecretBox } from '@switchboard/secrets';
import { satisfies as semverSatisfies } from 'semver';
import { DataSource } from 'typeorm';
import { InstanceHealthService } from '../health/instance-health.service';
import { TypeOrmStateStore } from '../state/typeorm-state-store';
import { connectorLogger } from './connector-log';
import { HostedInstance } from './hosted-instance';

/** Re-reads every instance this often, catching changes whose notification this process missed. */
export const RECONCILE_INTERVAL_MS = 30_000;

/** Why instances came and went: the poll scheduler follows along. */
export type HostChange =
  { kind: 'loaded'; instance: HostedInstance } | { kind: 'unloaded'; instanceId: string };

/**
 * Keeps this process's connector instances in step with the database: loads them all at start,
 * reloads one when the admin API announces a change (`instance.changed`, watched on the bus), and
 * reconciles every {@link RECONCILE_INTERVAL_MS} in case a notification was missed. No restart is
 * ever needed to pick up a new, changed, disabled or deleted instance.
 */
@Injectable()
export class InstanceHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('InstanceHost');
  readonly #hosted = new Map<string, HostedInstance>();
  readonly #listeners = new Set<(change: HostChange) => void>();
  #watch?: Subscription;
  #timer?: NodeJS.Timeout;
  #reconciling?: Promise<void>;
  readonly #reloads = new Map<string, Promise<void>>();
  #stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly secretBox: SecretBox,
    private readonly types: ConnectorTypeRegistry,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly health: InstanceHealthService,
    private readonly config: SwitchboardConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcile();
    this.#watch = await this.bus.watch<{ instanceId: string }>('evt.*.hub.instance.changed', (event) =>
      this.reload(event.data.instanceId),
    );
    const tick = () => {
      this.#timer = setTimeout(() => {
        void this.reconcile()
          .catch((error: unknown) => this.logger.error(`Reconciling instances failed: ${String(error)}`))
          .finally(() => !this.#stopped && tick());
      }, RECONCILE_INTERVAL_MS).unref();
    };
    tick();
  }

  async onModuleDestroy(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#watch?.stop();
    for (const id of [...this.#hosted.keys()]) this.unload(id);
  }

  /** Follow instances as they load and unload (the current ones are announced at once). */
  onChange(listener: (change: HostChange) => void): () => void {
    this.#listeners.add(listener);
    for (const instance of this.#hosted.values()) listener({ kind: 'loaded', instance });
    return () => this.#listeners.delete(listener);
  }

  get(instanceId: string): HostedInstance | undefined {
    return this.#hosted.get(instanceId);
  }

  list(): HostedInstance[] {
    return [...this.#hosted.values()];
  }

  /** Brings every instance in line with the database. Runs one at a time. */
  reconcile(): Promise<void> {
    this.#reconciling ??= this.#reconcile().finally(() => (this.#reconciling = undefined));
    return this.#reconciling;
  }

  async #reconcile(): Promise<void> {
    const rows = await this.dataSource
      .getRepository(ConnectorInstance)
      .find({ select: { id: true, version: true } });
    const present = new Set(rows.map((row) => row.id));
    for (const id of [...this.#hosted.keys()]) if (!present.has(id)) this.unload(id);
    for (const row of rows) {
      if (this.#hosted.get(row.id)?.version !== row.version) await this.reload(row.id);
    }
  }

  /** Loads the current version of one instance (or unloads it when it is gone). One at a time per instance. */
  reload(instanceId: string): Promise<void> {
    const previous = this.#reloads.get(instanceId) ?? Promise.resolve();
    const next = previous.then(() => this.#reload(instanceId));
    const settled = next.catch(() => undefined);
    this.#reloads.set(instanceId, settled);
    void settled.then(() => this.#reloads.get(instanceId) === settled && this.#reloads.delete(instanceId));
    return next;
  }

  async #reload(instanceId: string): Promise<void> {
    if (this.#stopped) return;
    const row = await this.dataSource.getRepository(ConnectorInstance).findOneBy({ id: instanceId });
    if (!row) {
      this.unload(instanceId);
      return;
    }
    const current = this.#hosted.get(instanceId);
    if (current && current.version >= row.version) return;
    const next = this.bind(row);
    this.#hosted.set(instanceId, next);
    current?.abort.abort();
    this.health.track(instanceId, {
      tenantId: row.tenantId,
      connectorType: row.connectorType,
      enabled: row.enabled,
      problem: row.enabled ? next.problem : undefined,
    });
    if (next.problem)
      this.logger.warn(`Instance ${row.name} (${row.id}) is loaded but not running: ${next.problem}`);
    else this.logger.log(`Instance ${row.name} (${row.id}, ${row.connectorType}) v${row.version} loaded`);
    this.emit({ kind: 'loaded', instance: next });
  }

  private unload(instanceId: string): void {
    const current = this.#hosted.get(instanceId);
    if (!current) return;
    this.#hosted.delete(instanceId);
    current.abort.abort();
    this.health.forget(instanceId);
    this.emit({ kind: 'unloaded', instanceId });
  }

  private bind(row: ConnectorInstance): HostedInstance {
    const definition = this.types.get(row.connectorType);
    const limits = instanceLimitsOf(row);
    const abort = new AbortController();
    const make = (bound: HostedInstance['bound'], problem: string | undefined) =>
      new HostedInstance(
        row.id,
        row.tenantId,
        row.connectorType,
        row.version,
        row.enabled,
        definition,
        bound,
        problem,
        limits,
        abort,
      );
    if (!definition)
      return make(undefined, `connector type ${row.connectorType} is not installed in this runtime`);
    if (!row.enabled) return make(undefined, 'the instance is disabled');
    if (!semverSatisfies(definition.manifest.version, row.typeVersionPin))
      return make(
        undefined,
        `it is pinned to ${row.connectorType} ${row.typeVersionPin}, but this runtime has ${definition.manifest.version}: review its config against the new version and update versionPin`,
      );
    let secrets: Record<string, unknown>;
    try {
      secrets = JSON.parse(this.secretBox.open(row.secretsSealed, row.id)) as Record<string, unknown>;
    } catch {
      return make(undefined, 'its secrets cannot be opened with this master key');
    }
    const result = bindConnector(definition, {
      tenantId: row.tenantId,
      instanceId: row.id,
      config: JSON.parse(row.config) as Record<string, unknown>,
      secrets,
      logger: connectorLogger(row.connectorType, row.id, this.config.log.level),
      state: new TypeOrmStateStore(this.dataSource, row.id),
      signal: abort.signal,
      limits,
      http: { onStatus: (status) => this.health.httpStatus(row.id, status) },
    });
    if (!result.ok) {
      return make(
        undefined,
        `its config is not valid for ${row.connectorType} ${definition.manifest.version}: ${result.errors
          .map((error) => `${error.path} ${error.message}`)
          .join('; ')}`,
      );
    }
    return make(result.instance, undefined);
  }

  private emit(change: HostChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error(`A host listener failed: ${String(error)}`);
      }
    }
  }
}
