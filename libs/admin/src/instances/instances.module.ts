import { Module } from '@nestjs/common';
import { ConnectorTypeRegistry, connectorTypes } from '@switchboard/connector-registry';
import { AdminCoreModule } from '../core/admin-core.module';
import { ConnectorTypesController } from './connector-types.controller';
import { InstancesController } from './instances.controller';
import { InstancesService } from './instances.service';

/**
 * `/api/v1/instances` and `/api/v1/connector-types`. Importable on its own or through the admin
 * module. Secret box and audit log come from `AdminCoreModule` (one master key per process, so
 * what one module seals another can open); `DataSource` (PersistenceModule) and `EVENT_BUS`
 * (BusModule) come from the app. `ConnectorTypeRegistry` is the process-wide `connectorTypes`.
 */
@Module({
  imports: [AdminCoreModule],
  controllers: [InstancesController, ConnectorTypesController],
  providers: [InstancesService, { provide: ConnectorTypeRegistry, useValue: connectorTypes }],
  exports: [InstancesService, ConnectorTypeRegistry],
})
export class InstancesModule {}
