import { randomUUID } from 'node:crypto';
import { FlowStore, type FlowDefinition } from '@switchboard/orchestration';
import { FlowHead, FlowVersion } from '@switchboard/persistence';
import type { RunningHttpApp } from '@switchboard/platform';
import { DataSource } from 'typeorm';

/**
 * Stores an enabled flow at version 1 straight into the hub's database (the admin API for flows
 * has its own suite), and drops the flows the orchestrator cached. Resolves with its id.
 */
export async function storeFlow(
  hub: RunningHttpApp,
  definition: FlowDefinition,
  tenantId = 'default',
): Promise<string> {
  const dataSource = hub.app.get(DataSource);
  const id = randomUUID();
  const now = new Date();
  await dataSource.getRepository(FlowHead).insert({
    id,
    tenantId,
    name: definition.name,
    enabled: true,
    currentVersion: 1,
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  await dataSource.getRepository(FlowVersion).insert({
    flowId: id,
    version: 1,
    tenantId,
    definition: JSON.stringify(definition),
    createdAt: now,
    createdBy: 'test',
  });
  // The store caches enabled flows for a few seconds.
  hub.app.get(FlowStore).invalidate(tenantId);
  return id;
}
