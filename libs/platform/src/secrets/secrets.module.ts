import { Global, Logger, Module } from '@nestjs/common';
import { SwitchboardConfig } from '@switchboard/config';
import { SecretBox, loadMasterKey } from '@switchboard/secrets';

/** The master key (a 32-byte Buffer): from SWITCHBOARD_MASTER_KEY, else generated into the data dir. */
export const MASTER_KEY = Symbol('switchboard:master-key');

/**
 * The master key, loaded once per process (its "kept in the data dir" warning goes through the
 * Nest logger), and the {@link SecretBox} that seals connector secrets with it: the admin API
 * seals, the connector runtime opens. Global; needs `ConfigModule`.
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
  ],
  exports: [MASTER_KEY, SecretBox],
})
export class SecretsModule {}
