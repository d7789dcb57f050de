import { IsString, IsUrl, MinLength } from 'class-validator';
import type { ConnectorTypeDefinition } from '../connector-type';
import { Secret } from '../secret.decorator';

/** Config of the {@link exampleConnectorType}: a base URL, a project key and an API token. */
export class ExampleConnectorConfig {
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be a URL' },
  )
  baseUrl!: string;

  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  project!: string;

  @Secret()
  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  apiToken!: string;
}

/**
 * A minimal connector type for tests and documentation: it talks to nothing and has no hooks.
 * Not registered anywhere by default; register it explicitly (`connectorTypes.register(exampleConnectorType)`
 * or a registry of your own) where you need a type to exercise the admin API with.
 */
export const exampleConnectorType: ConnectorTypeDefinition<ExampleConnectorConfig> = {
  id: 'example',
  version: '1.0.0',
  category: 'ticketing',
  displayName: 'Example',
  description: 'A stand-in connector type with a URL, a project and an API token; it connects to nothing.',
  configClass: ExampleConnectorConfig,
  capabilities: [],
};
