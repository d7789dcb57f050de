import { Module, type DynamicModule } from '@nestjs/common';
import type { SwitchboardConfig } from '@switchboard/config';
import { PlatformModule } from '@switchboard/platform';

/** Hosts connector instances (webhook ingress, pollers, command workers). Today: the platform only. */
@Module({})
export class ConnectorRuntimeModule {
  static forRoot(config: SwitchboardConfig): DynamicModule {
    return {
      module: ConnectorRuntimeModule,
      imports: [PlatformModule.forRoot(config, { appName: 'connector-runtime' })],
    };
  }
}
