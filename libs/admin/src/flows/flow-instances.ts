import { ConnectorInstance, type ConnectorTypeRegistry } from '@switchboard/connector-registry';
import type { ConnectorManifest } from '@switchboard/connector-sdk';
import type { FlowValidationContext, ResolvedInstance } from '@switchboard/orchestration';
import { In, type EntityManager } from 'typeorm';

/** The instance references of a definition's steps (by id or name), as sent: anything else is validateFlow's to report. */
export function instanceRefs(definition: unknown): string[] {
  const steps = (definition as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return [];
  const refs = new Set<string>();
  for (const step of steps) {
    const ref = (step as { instance?: unknown } | null)?.instance;
    if (typeof ref === 'string' && ref.length > 0 && ref.length <= 100) refs.add(ref);
  }
  return [...refs];
}

/**
 * What validateFlow asks about instances, answered from the tenant's `connector_instances` (by id,
 * else by name, as the run engine resolves them) and the connector-type registry's manifests.
 * validateFlow is synchronous, so the instances the extra references name are read up front.
 */
export async function instanceResolver(
  manager: EntityManager,
  types: ConnectorTypeRegistry,
  tenantId: string,
  definition: unknown,
  ...extraRefs: string[]
): Promise<FlowValidationContext> {
  const refs = [...new Set([...instanceRefs(definition), ...extraRefs])];
  const rows =
    refs.length === 0
      ? []
      : await manager.getRepository(ConnectorInstance).find({
          where: [
            { tenantId, id: In(refs) },
            { tenantId, name: In(refs) },
          ],
        });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const byName = new Map(rows.map((row) => [row.name, row]));
  return {
    instance(ref: string): ResolvedInstance | undefined {
      const row = byId.get(ref) ?? byName.get(ref);
      if (!row) return undefined;
      return {
        id: row.id,
        name: row.name,
        connectorType: row.connectorType,
        manifest: types.get(row.connectorType)?.manifest as ConnectorManifest | undefined,
      };
    },
  };
}
