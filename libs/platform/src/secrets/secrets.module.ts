import { Global, Logger, Module } from '@nestjs/common';
import { AuditLog } from '@switchboard/audit';
import { SwitchboardConfig } from '@switchboard/config';
import { HubMetaStore } from '@switchboard/persistence';
import { SecretBox, loadMasterKey } from '@switchboard/secrets';
import { DataSource } from 'typeorm';
import { loadAuditSigningKey } from './audit-signing-key';

/** The master key (a 32-byte Buffer): from SWITCHBOARD_MASTER_KEY, else generated into the data dir. */
export const MASTER_KEY = Symbol('switchboard:master-key');

/**
 * The master key, loaded once per process (its "kept in the data dir" warning goes through the
 * Nest logger), the {@link SecretBox} that seals connector secrets with it (the admin API seals,
 * the connector runtime opens), and the audit log, signed with its own key sealed under the master
 * key (the admin API and the orchestrator append to it). Global; needs `ConfigModule` and the
 * persistence module.
 */
@Global()
@Module({
  providers: [
    {
      provide: MASTER_KEY,
      inject: [SwitchboardConfig],
      useFactory: (config: SwitchboardConfig): Buffer =>
        loadMasterKey({
          masterKey: config.security.masterKey,
          dataDir: config.dataDir,
          logger: new Logger('Secrets'),
        }).key,
    },
    { provide: SecretBox, inject: [MASTER_KEY], useFactory: (key: Buffer) => new SecretBox(key) },
    {
      provide: AuditLog,
      inject: [DataSource, HubMetaStore, SecretBox],
      // AuditLog derives its HMAC key from the key it is given: here the trail's own signing key.
      useFactory: async (dataSource: DataSource, meta: HubMetaStore, box: SecretBox) =>
        new AuditLog(dataSource, { masterKey: await loadAuditSigningKey(meta, box) }),
    },
  ],
  exports: [MASTER_KEY, SecretBox, AuditLog],
})
export class SecretsModule {}
