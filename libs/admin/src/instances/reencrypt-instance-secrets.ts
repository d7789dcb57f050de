import { ConnectorInstance } from '@switchboard/connector-registry';
import { HubMetaStore } from '@switchboard/persistence';
import { SecretBox, parseSealed, reencrypt } from '@switchboard/secrets';
import type { DataSource } from 'typeorm';
import { resealAuditSigningKey } from '@switchboard/platform';

export interface ReencryptionReport {
  /** Instances looked at, across all tenants. */
  instances: number;
  /** Sealed again under the new key. */
  resealed: number;
  /** Already under the new key (an earlier, interrupted or repeated run). */
  alreadyCurrent: number;
  /** Whether the audit trail's signing key was re-sealed too (false: absent or already current). */
  auditSigningKeyResealed: boolean;
}

/**
 * Re-seals every connector instance's secrets, and the audit trail's signing key, from `oldKey` to
 * `newKey`, in one transaction: if
 * any instance cannot be opened with the old key, nothing changes. Idempotent: instances already
 * sealed with the new key are left as they are, so a repeated run is harmless. `version` is not
 * bumped, because nothing a client can see changes.
 */
export async function reencryptInstanceSecrets(
  dataSource: DataSource,
  oldKey: Buffer,
  newKey: Buffer,
): Promise<ReencryptionReport> {
  const oldBox = new SecretBox(oldKey);
  const newBox = new SecretBox(newKey);
  return dataSource.transaction(async (manager) => {
    const repository = manager.getRepository(ConnectorInstance);
    const rows = await repository.find({ select: { id: true, secretsSealed: true }, order: { id: 'ASC' } });
    let resealed = 0;
    for (const row of rows) {
      if (parseSealed(row.secretsSealed).keyId === newBox.keyId) continue;
      const sealed = reencrypt(row.secretsSealed, oldBox, newBox, row.id);
      await repository.update({ id: row.id }, { secretsSealed: sealed });
      resealed += 1;
    }
    const auditSigningKeyResealed = await resealAuditSigningKey(
      new HubMetaStore(dataSource),
      oldBox,
      newBox,
      manager,
      reencrypt,
    );
    return {
      instances: rows.length,
      resealed,
      alreadyCurrent: rows.length - resealed,
      auditSigningKeyResealed,
    };
  });
}
