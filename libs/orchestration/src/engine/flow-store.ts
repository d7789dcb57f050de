import { ConnectorInstance, ConnectorTypeRegistry } from '@switchboard/connector-registry';
import { FlowHead, FlowVersion } from '@switchboard/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { FlowDefinition } from '../definition/flow-definition';

/** A flow as runs need it: head facts and the definition of the version new runs pin. */
export interface LiveFlow {
  id: string;
  tenantId: string;
  name: string;
  version: number;
  definition: FlowDefinition;
}

/** How long the enabled flows of a tenant are trusted before they are read again. */
const FLOW_CACHE_MS = 5_000;
const INSTANCE_CACHE_MS = 5_000;

/**
 * Reads flows for the engine: the enabled flows of a tenant (cached a few seconds, dropped at once
 * when the admin API announces a change), immutable versions (cached for good), and the connector
 * instances steps name (by id or name). Callers inside a transaction pass its manager: on
 * PostgreSQL a lookup through the pool while holding a pooled connection can starve the pool
 * (every connection held by a transaction waiting for another one).
 */
export class FlowStore {
  readonly #enabled = new Map<string, { at: number; flows: LiveFlow[] }>();
  readonly #versions = new Map<string, FlowDefinition>();
  readonly #instances = new Map<string, { at: number; instance: ConnectorInstance | undefined }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly types: ConnectorTypeRegistry,
  ) {}

  /** Forget what is cached for a tenant (a flow or instance changed). */
  invalidate(tenantId?: string): void {
    if (tenantId === undefined) {
      this.#enabled.clear();
      this.#instances.clear();
      return;
    }
    this.#enabled.delete(tenantId);
    for (const key of this.#instances.keys())
      if (key.startsWith(`${tenantId}\u0000`)) this.#instances.delete(key);
  }

  async enabledFlows(tenantId: string, now = Date.now()): Promise<LiveFlow[]> {
    const cached = this.#enabled.get(tenantId);
    if (cached && now - cached.at < FLOW_CACHE_MS) return cached.flows;
    const heads = await this.dataSource.getRepository(FlowHead).findBy({ tenantId, enabled: true });
    const flows: LiveFlow[] = [];
    for (const head of heads) {
      flows.push({
        id: head.id,
        tenantId,
        name: head.name,
        version: head.currentVersion,
        definition: await this.definition(head.id, head.currentVersion),
      });
    }
    this.#enabled.set(tenantId, { at: now, flows });
    return flows;
  }

  /** A flow version's definition (immutable: cached for good). */
  async definition(flowId: string, version: number, manager?: EntityManager): Promise<FlowDefinition> {
    const key = `${flowId}@${version}`;
    let definition = this.#versions.get(key);
    if (!definition) {
      const row = await (manager ?? this.dataSource.manager)
        .getRepository(FlowVersion)
        .findOneByOrFail({ flowId, version });
      definition = JSON.parse(row.definition) as FlowDefinition;
      this.#versions.set(key, definition);
    }
    return definition;
  }

  /** The instance a step names in a tenant, by id or by name. */
  async instance(
    tenantId: string,
    ref: string,
    manager?: EntityManager,
    now = Date.now(),
  ): Promise<ConnectorInstance | undefined> {
    const key = `${tenantId}\u0000${ref}`;
    const cached = this.#instances.get(key);
    if (cached && now - cached.at < INSTANCE_CACHE_MS) return cached.instance;
    const repository = (manager ?? this.dataSource.manager).getRepository(ConnectorInstance);
    const instance =
      (/^[0-9a-f-]{36}$/i.test(ref) ? await repository.findOneBy({ tenantId, id: ref }) : null) ??
      (await repository.findOneBy({ tenantId, name: ref })) ??
      undefined;
    this.#instances.set(key, { at: now, instance });
    return instance;
  }

  manifestOf(connectorType: string) {
    return this.types.get(connectorType)?.manifest;
  }
}
