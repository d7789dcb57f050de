import { Module, type DynamicModule } from '@nestjs/common';
import type { SwitchboardConfig } from '@switchboard/config';
import { CONNECTORS } from '@switchboard/connectors';
import { PlatformModule } from '@switchboard/platform';
import { RuntimeModule } from '@switchboard/runtime';

/** Hosts connector instances: webhook ingress (`POST /hooks/:instanceId`), pollers, command workers. */
@Module({})
export class ConnectorRuntimeModule {
  static forRoot(config: SwitchboardConfig): DynamicModule {
    return {
      module: ConnectorRuntimeModule,
      imports: [
        PlatformModule.forRoot(config, { appName: 'connector-runtime' }),
        RuntimeModule.forRoot({ connectors: CONNECTORS }),
      ],
    };
  }
}
