import { Module, type DynamicModule } from '@nestjs/common';
import type { SwitchboardConfig } from '@switchboard/config';
import { ConnectorCatalogueModule } from '@switchboard/connector-registry';
import { CONNECTORS } from '@switchboard/connectors';
import { OrchestrationModule } from '@switchboard/orchestration';
import { PlatformModule } from '@switchboard/platform';

/** Runs flows (detect → enrich → decide → act → learn) and correlates incidents. */
@Module({})
export class OrchestratorModule {
  static forRoot(config: SwitchboardConfig): DynamicModule {
    return {
      module: OrchestratorModule,
      imports: [
        PlatformModule.forRoot(config, { appName: 'orchestrator' }),
        ConnectorCatalogueModule.forRoot(CONNECTORS),
        OrchestrationModule,
      ],
    };
  }
}
