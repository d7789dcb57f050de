import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ConnectorTypeRegistry, connectorTypes } from '@switchboard/connector-registry';
import { AdminCoreModule } from '../core/admin-core.module';
import { FlowTemplatesController } from './flow-templates.controller';
import { FlowTemplatesService } from './flow-templates.service';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';
import { YamlBodyMiddleware } from './yaml-body.middleware';

/**
 * `/api/v1/flows` and its built-in templates. Importable on its own or through the admin module.
 * The audit trail comes from `AdminCoreModule`; `DataSource` (PersistenceModule) from the app;
 * `ConnectorTypeRegistry` is the process-wide `connectorTypes` (manifests for validation).
 */
@Module({
  imports: [AdminCoreModule],
  controllers: [FlowsController, FlowTemplatesController],
  providers: [
    FlowsService,
    FlowTemplatesService,
    { provide: ConnectorTypeRegistry, useValue: connectorTypes },
  ],
  exports: [FlowsService],
})
export class FlowsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Only the flow routes take YAML; everywhere else a YAML body is simply not JSON.
    consumer.apply(YamlBodyMiddleware).forRoutes(FlowsController);
  }
}
