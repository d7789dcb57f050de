// @switchboard/connector-registry: the connector types the hub knows, their manifests, config
// validation and config JSON Schemas. Connector packages register into it; the admin API reads it.
import 'reflect-metadata';

export { CONNECTOR_CATEGORIES } from './connector-type';
export type {
  ConnectorCategory,
  ConnectorConfigClass,
  ConnectorTypeDefinition,
  ConnectorTypeManifest,
} from './connector-type';
export { Secret, secretFieldsOf } from './secret.decorator';
export { ConnectorTypeRegistry, connectorTypes, secretFieldsOfType } from './connector-type.registry';
export { validateConnectorConfig } from './config-validation';
export { configJsonSchema } from './config-json-schema';
export type { JsonSchema } from './config-json-schema';
export { ExampleConnectorConfig, exampleConnectorType } from './example/example.connector-type';
export { ConnectorInstance } from './instances/connector-instance.entity';
