import { Module, type DynamicModule } from '@nestjs/common';
import { AdminModule } from '@switchboard/admin';
import type { SwitchboardConfig } from '@switchboard/config';
import { ConnectorCatalogueModule } from '@switchboard/connector-registry';
import { CONNECTORS } from '@switchboard/connectors';
import { PlatformModule } from '@switchboard/platform';

/**
 * The REST admin API (`/api/v1`) and its OpenAPI docs (`/docs`). It knows the connector catalogue
 * (manifests, config validation) but runs no connector code: "test connection" asks a runtime.
 */
@Module({})
export class AdminApiModule {
  static forRoot(config: SwitchboardConfig): DynamicModule {
    return {
      module: AdminApiModule,
      imports: [
        PlatformModule.forRoot(config, { appName: 'admin-api' }),
        ConnectorCatalogueModule.forRoot(CONNECTORS),
        AdminModule,
      ],
    };
  }
}
