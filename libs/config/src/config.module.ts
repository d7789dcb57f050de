import { Global, Module, type DynamicModule } from '@nestjs/common';
import { loadConfig } from './load-config';
import { SwitchboardConfig } from './switchboard-config';

/**
 * Makes the process's {@link SwitchboardConfig} injectable everywhere by its class token.
 * `bootstrapHttpApp` loads the configuration before Nest starts (a bad value must stop the start
 * before anything connects) and passes it here, so it is validated exactly once.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: SwitchboardConfig = loadConfig()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: SwitchboardConfig, useValue: config }],
      exports: [SwitchboardConfig],
    };
  }
}
