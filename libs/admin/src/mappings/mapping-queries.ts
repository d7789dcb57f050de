// The mapping queries the service runs inside and outside its transactions, always tenant-scoped.
import { SwitchboardError } from '@switchboard/errors';
import { MappingHead, MappingVersion } from '@switchboard/persistence';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation, preconditionFailed } from './mapping-problems';

export async function findHead(manager: EntityManager, tenantId: string, id: string): Promise<MappingHead> {
  // Another tenant's mapping is indistinguishable from a missing one.
  const head = await manager.getRepository(MappingHead).findOneBy({ id, tenantId });
  if (!head) throw SwitchboardError.notFound(`No mapping ${id}`);
  return head;
}

export async function findVersion(
  manager: EntityManager,
  head: MappingHead,
  version: number,
): Promise<MappingVersion> {
  const row = await manager
    .getRepository(MappingVersion)
    .findOneBy({ mappingId: head.id, tenantId: head.tenantId, version });
  if (!row) throw SwitchboardError.notFound(`Mapping ${head.id} has no version ${version}`);
  return row;
}

export async function assertNameFree(manager: EntityManager, tenantId: string, name: string): Promise<void> {
  if (await manager.getRepository(MappingHead).existsBy({ tenantId, name }))
    throw SwitchboardError.conflict(`A mapping named ${name} already exists`);
}

export async function insertOrConflict(manager: EntityManager, head: MappingHead): Promise<void> {
  try {
    await manager.insert(MappingHead, head);
  } catch (error) {
    if (isUniqueViolation(error))
      throw SwitchboardError.conflict(`A mapping named ${head.name} already exists`);
    throw error;
  }
}

/** Moves the head to its next version, only if nobody else moved it since it was read. */
export async function moveHead(
  manager: EntityManager,
  current: MappingHead,
  next: MappingHead,
): Promise<void> {
  if (next.name !== current.name) await assertNameFree(manager, current.tenantId, next.name);
  let affected: number | undefined;
  try {
    const result = await manager
      .createQueryBuilder()
      .update(MappingHead)
      .set({ name: next.name, version: next.version, updatedAt: next.updatedAt })
      .where('id = :id AND tenant_id = :tenantId AND current_version = :version', {
        id: current.id,
        tenantId: current.tenantId,
        version: current.version,
      })
      .execute();
    affected = result.affected;
  } catch (error) {
    if (isUniqueViolation(error))
      throw SwitchboardError.conflict(`A mapping named ${next.name} already exists`);
    throw error;
  }
  if (affected === 0) throw preconditionFailed();
}
