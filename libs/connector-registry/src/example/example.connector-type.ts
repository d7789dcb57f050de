import { checkFailed, checkPassed, defineConnector, Secret } from '@switchboard/connector-sdk';
import { IsString, IsUrl, MinLength } from 'class-validator';

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
 * A minimal connector type for tests and documentation: its only hook, `check`, GETs the base URL
 * with the token as a bearer token. Not registered anywhere by default; register it explicitly
 * (`connectorTypes.register(exampleConnectorType)` or a registry of your own) where you need a
 * type to exercise the admin API with.
 */
export const exampleConnectorType = defineConnector({
  manifest: {
    id: 'example',
    version: '1.0.0',
    category: 'ticketing',
    displayName: 'Example',
    description: 'A stand-in connector type with a URL, a project and an API token.',
    configClass: ExampleConnectorConfig,
    auth: [{ type: 'bearer', tokenSecret: 'apiToken' }],
    emits: [],
  },
  hooks: {
    http: (config) => ({ baseUrl: config.baseUrl, auth: { type: 'bearer', token: config.apiToken } }),
    async check(ctx) {
      try {
        await ctx.http.get('/');
        return checkPassed(`${ctx.config.baseUrl} answered`);
      } catch (error) {
        return checkFailed(error, `GET ${ctx.config.baseUrl}`);
      }
    },
  },
});
