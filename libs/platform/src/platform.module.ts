import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@switchboard/auth';
import { ConfigModule, type SwitchboardConfig } from '@switchboard/config';
import { LoggingModule, MetricsModule } from '@switchboard/observability';
import { PersistenceModule } from '@switchboard/persistence';
import { BusModule } from './bus/bus.module';
import { HealthModule } from './health/health.module';
import { HttpFastLaneModule } from './http/fast-lane/http-fast-lane';

export interface PlatformModuleOptions {
  /** The app's name (`hub`, `orchestrator`, …): NATS connection name `switchboard-<app>`. */
  appName: string;
}

/**
 * What every Switchboard app runs on: configuration, logging, metrics, the database, the bus and
 * the health probes, and the access guard every HTTP route passes. An app module imports this and
 * adds its own feature modules.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: SwitchboardConfig, options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(),
        MetricsModule,
        PersistenceModule.forRoot({
          databaseUrl: config.database.url,
          dataDir: config.dataDir,
          sqliteSync: config.database.sqliteSync,
        }),
        BusModule.forRoot({ connectionName: `switchboard-${options.appName}` }),
        HealthModule,
        HttpFastLaneModule,
        AuthModule,
      ],
    };
  }
}
