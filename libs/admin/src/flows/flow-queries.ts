// The flow queries the service runs inside and outside its transactions, always tenant-scoped.
import { SwitchboardError } from '@switchboard/errors';
import { FlowHead, FlowVersion } from '@switchboard/persistence';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../mappings/mapping-problems';
import { flowChangedUnderfoot } from './flow-problems';

export async function findHead(manager: EntityManager, tenantId: string, id: string): Promise<FlowHead> {
  // Another tenant's flow is indistinguishable from a missing one.
  const head = await manager.getRepository(FlowHead).findOneBy({ id, tenantId });
  if (!head) throw SwitchboardError.notFound(`No flow ${id}`);
  return head;
}

export async function findVersion(
  manager: EntityManager,
  head: FlowHead,
  version: number,
): Promise<FlowVersion> {
  const row = await manager
    .getRepository(FlowVersion)
    .findOneBy({ flowId: head.id, tenantId: head.tenantId, version });
  if (!row) throw SwitchboardError.notFound(`Flow ${head.id} has no version ${version}`);
  return row;
}

export async function assertNameFree(manager: EntityManager, tenantId: string, name: string): Promise<void> {
  if (await manager.getRepository(FlowHead).existsBy({ tenantId, name }))
    throw SwitchboardError.conflict(`A flow named ${name} already exists`);
}

export async function insertOrConflict(manager: EntityManager, head: FlowHead): Promise<void> {
  try {
    await manager.insert(FlowHead, head);
  } catch (error) {
    if (isUniqueViolation(error)) throw SwitchboardError.conflict(`A flow named ${head.name} already exists`);
    throw error;
  }
}

/** Writes the head's next state, only if nobody else changed it since it was read. */
export async function moveHead(manager: EntityManager, current: FlowHead, next: FlowHead): Promise<void> {
  if (next.name !== current.name) await assertNameFree(manager, current.tenantId, next.name);
  let affected: number | undefined;
  try {
    const result = await manager
      .createQueryBuilder()
      .update(FlowHead)
      .set({
        name: next.name,
        enabled: next.enabled,
        currentVersion: next.currentVersion,
        version: next.version,
        updatedAt: next.updatedAt,
      })
      .where('id = :id AND tenant_id = :tenantId AND version = :version', {
        id: current.id,
        tenantId: current.tenantId,
        version: current.version,
      })
      .execute();
    affected = result.affected;
  } catch (error) {
    if (isUniqueViolation(error)) throw SwitchboardError.conflict(`A flow named ${next.name} already exists`);
    throw error;
  }
  if (affected === 0) throw flowChangedUnderfoot();
}

/** Deletes the head (its versions stay), only if nobody changed it since it was read. */
export async function deleteHead(manager: EntityManager, head: FlowHead): Promise<void> {
  const result = await manager
    .createQueryBuilder()
    .delete()
    .from(FlowHead)
    .where('id = :id AND tenant_id = :tenantId AND version = :version', {
      id: head.id,
      tenantId: head.tenantId,
      version: head.version,
    })
    .execute();
  if (result.affected === 0) throw flowChangedUnderfoot();
}
