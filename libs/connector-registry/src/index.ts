// @switchboard/connector-registry: the connector types this hub has installed (registered from
// `connectors/`), their manifest documents, and the stored connector instances.
import 'reflect-metadata';

export { ConnectorTypeRegistry, connectorTypes } from './connector-type.registry';
export { ExampleConnectorConfig, exampleConnectorType } from './example/example.connector-type';
export { ConnectorInstance, instanceLimitsOf } from './instances/connector-instance.entity';
export { ConnectorCatalogueModule } from './connector-catalogue.module';
export {
  CHECK_REQUESTED_TYPE,
  CHECKED_TYPE,
  CheckedData,
  CheckRequestedData,
  checkedEvent,
  checkRequestedEvent,
  INSTANCE_CHECK_ACTION,
} from './instance-check.rpc';
