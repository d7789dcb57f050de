import { Module, type DynamicModule } from '@nestjs/common';
import type { SwitchboardConfig } from '@switchboard/config';
import { PlatformModule } from '@switchboard/platform';

/** Runs flows and the ticket sync engine. Today: the platform only. */
@Module({})
export class OrchestratorModule {
  static forRoot(config: SwitchboardConfig): DynamicModule {
    return {
      module: OrchestratorModule,
      imports: [PlatformModule.forRoot(config, { appName: 'orchestrator' })],
    };
  }
}
