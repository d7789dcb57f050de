import { Module, type DynamicModule } from '@nestjs/common';
import { AdminModule } from '@switchboard/admin';
import type { SwitchboardConfig } from '@switchboard/config';
import { PlatformModule } from '@switchboard/platform';

/** The REST admin API (`/api/v1`) and its OpenAPI docs (`/docs`). */
@Module({})
export class AdminApiModule {
  static forRoot(config: SwitchboardConfig): DynamicModule {
    return {
      module: AdminApiModule,
      imports: [PlatformModule.forRoot(config, { appName: 'admin-api' }), AdminModule],
    };
  }
}
