import { randomBytes } from 'node:crypto';
import type { HubMetaStore } from '@switchboard/persistence';
import type { SecretBox } from '@switchboard/secrets';
import type { EntityManager } from 'typeorm';

/** Where the audit trail's signing key lives: `hub_meta`, sealed under the master key. */
export const AUDIT_SIGNING_KEY_META = 'audit.signing_key';
/** Binds the sealed value to its row, so it cannot be swapped with another sealed secret. */
export const AUDIT_SIGNING_KEY_AAD = 'hub_meta:audit.signing_key';

/**
 * The audit trail is signed with its own random key, not one derived from the master key: a
 * master-key rotation re-seals this key (`npm run secrets:reencrypt`) and every entry signed
 * before it still verifies. Created once; replicas starting together agree through
 * insert-if-absent.
 */
export async function loadAuditSigningKey(meta: HubMetaStore, box: SecretBox): Promise<Buffer> {
  const sealed = await meta.setIfAbsent(
    AUDIT_SIGNING_KEY_META,
    box.seal(randomBytes(32).toString('base64'), AUDIT_SIGNING_KEY_AAD),
  );
  return Buffer.from(box.open(sealed, AUDIT_SIGNING_KEY_AAD), 'base64');
}

/** Re-seals the audit signing key under a new master key; false when there is none yet or it is current. */
export async function resealAuditSigningKey(
  meta: HubMetaStore,
  oldBox: SecretBox,
  newBox: SecretBox,
  manager: EntityManager,
  reencrypt: (sealed: string, oldBox: SecretBox, newBox: SecretBox, aad: string) => string,
): Promise<boolean> {
  const sealed = await meta.get(AUDIT_SIGNING_KEY_META, manager);
  if (sealed === undefined) return false;
  const resealed = reencrypt(sealed, oldBox, newBox, AUDIT_SIGNING_KEY_AAD);
  if (resealed === sealed) return false;
  await meta.set(AUDIT_SIGNING_KEY_META, resealed, manager);
  return true;
}
