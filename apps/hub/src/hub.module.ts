import { Module, type DynamicModule } from '@nestjs/common';
import { AdminModule } from '@switchboard/admin';
import type { SwitchboardConfig } from '@switchboard/config';
import { CONNECTORS } from '@switchboard/connectors';
import { OrchestrationModule } from '@switchboard/orchestration';
import { PlatformModule } from '@switchboard/platform';
import { RuntimeModule } from '@switchboard/runtime';

/**
 * The all-in-one process (the default `npm start`): the platform (config, logging, metrics,
 * database, bus, health), the connector runtime with every shipped connector, the orchestrator
 * and the admin API.
 */
@Module({})
export class HubModule {
  static forRoot(config: SwitchboardConfig): DynamicModule {
    return {
      module: HubModule,
      imports: [
        PlatformModule.forRoot(config, { appName: 'hub' }),
        RuntimeModule.forRoot({ connectors: CONNECTORS }),
        OrchestrationModule,
        AdminModule,
      ],
    };
  }
}
