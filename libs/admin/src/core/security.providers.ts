import type { Provider } from '@nestjs/common';
import { AuditLog } from '@switchboard/audit';
import { HubMetaStore } from '@switchboard/persistence';
import { SecretBox } from '@switchboard/secrets';
import { DataSource } from 'typeorm';
import { loadAuditSigningKey } from './audit-signing-key';

export { MASTER_KEY } from '@switchboard/platform';

/**
 * The audit log, signed with its own key sealed under the master key (the secret box comes from
 * the platform's `SecretsModule`).
 */
export const SECURITY_PROVIDERS: Provider[] = [
  {
    provide: AuditLog,
    inject: [DataSource, HubMetaStore, SecretBox],
    // AuditLog derives its HMAC key from the key it is given: here the trail's own signing key.
    useFactory: async (dataSource: DataSource, meta: HubMetaStore, box: SecretBox) =>
      new AuditLog(dataSource, { masterKey: await loadAuditSigningKey(meta, box) }),
  },
];
