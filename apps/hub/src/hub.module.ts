import { Module, type DynamicModule } from '@nestjs/common';
import { AdminModule } from '@switchboard/admin';
import type { SwitchboardConfig } from '@switchboard/config';
import { PlatformModule } from '@switchboard/platform';

/** The all-in-one process (the default `npm start`): the platform (config, logging, metrics, database, bus, health) and the admin API; the runtime and orchestrator modules join it as they are built. */
@Module({})
export class HubModule {
  static forRoot(config: SwitchboardConfig): DynamicModule {
    return {
      module: HubModule,
      imports: [PlatformModule.forRoot(config, { appName: 'hub' }), AdminModule],
    };
  }
}
