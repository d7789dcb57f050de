import { Module, type DynamicModule } from '@nestjs/common';
import type { AnyConnectorDefinition } from '@switchboard/connector-sdk';
import { ConnectorTypeRegistry, connectorTypes } from './connector-type.registry';

/**
 * Installs connectors into the process-wide {@link connectorTypes} registry and provides it as
 * `ConnectorTypeRegistry`: every app that serves the admin API or runs connectors imports this
 * with the catalogue (`@switchboard/connectors`). Registering the same definitions twice is a no-op.
 */
@Module({})
export class ConnectorCatalogueModule {
  static forRoot(connectors: readonly AnyConnectorDefinition[]): DynamicModule {
    for (const connector of connectors) connectorTypes.register(connector);
    return {
      module: ConnectorCatalogueModule,
      global: true,
      providers: [{ provide: ConnectorTypeRegistry, useValue: connectorTypes }],
      exports: [ConnectorTypeRegistry],
    };
  }
}
