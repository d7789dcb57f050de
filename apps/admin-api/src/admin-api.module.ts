import { Module, type DynamicModule } from '@nestjs/common';
import type { SwitchboardConfig } from '@switchboard/config';
import { PlatformModule } from '@switchboard/platform';

/** The REST admin API and its OpenAPI docs. Today: the platform only. */
@Module({})
export class AdminApiModule {
  static forRoot(config: SwitchboardConfig): DynamicModule {
    return {
      module: AdminApiModule,
      imports: [PlatformModule.forRoot(config, { appName: 'admin-api' })],
    };
  }
}
