import { Module, type DynamicModule } from '@nestjs/common';
import { AdminModule } from '@switchboard/admin';
import type { SwitchboardConfig } from '@switchboard/config';
import { CONNECTORS } from '@switchboard/connectors';
import { PlatformModule } from '@switchboard/platform';
import { RuntimeModule } from '@switchboard/runtime';

/**
 * The hub without its orchestrator: the connector runtime and the admin API in this process, so
 * the orchestrator can run as a separate process a test may kill.
 */
@Module({})
export class RuntimeAdminModule {
  static forRoot(config: SwitchboardConfig): DynamicModule {
    return {
      module: RuntimeAdminModule,
      imports: [
        PlatformModule.forRoot(config, { appName: 'runtime-admin' }),
        RuntimeModule.forRoot({ connectors: CONNECTORS }),
        AdminModule,
      ],
    };
  }
}
