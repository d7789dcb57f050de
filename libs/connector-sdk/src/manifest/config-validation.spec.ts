import { IsString, IsUrl, MinLength } from 'class-validator';
import { Secret } from './secret.decorator';
import { validateConnectorConfig } from './config-validation';

class TrackerConfig {
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

const tracker = { id: 'tracker', configClass: TrackerConfig };
const good = { baseUrl: 'https://tracker.example.com', project: 'OPS' };

describe('validateConnectorConfig', () => {
  it('accepts a good config with its secrets', () => {
    expect(validateConnectorConfig(tracker, good, { apiToken: 't0ken' })).toEqual([]);
  });

  it('reports path-qualified errors without echoing values', () => {
    const errors = validateConnectorConfig(
      tracker,
      { baseUrl: 'not a url', project: 42, colour: 'blue' },
      { apiToken: '' },
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'config.baseUrl', message: 'must be a URL' },
        { path: 'config.project', message: 'must be a string' },
        { path: 'config.colour', message: 'is not a known field' },
        { path: 'secrets.apiToken', message: 'must not be empty' },
      ]),
    );
    expect(JSON.stringify(errors)).not.toContain('not a url');
  });

  it('keeps secrets out of config and non-secrets out of secrets, and requires missing fields', () => {
    expect(validateConnectorConfig(tracker, { ...good, apiToken: 'x' }, { project: 'y' })).toEqual(
      expect.arrayContaining([
        { path: 'config.apiToken', message: 'is a secret: send it in secrets' },
        { path: 'secrets.project', message: 'is not a secret field of tracker' },
        { path: 'secrets.apiToken', message: 'is required' },
      ]),
    );
    expect(validateConnectorConfig(tracker, 'nope', {})).toEqual([
      { path: 'config', message: 'must be an object' },
    ]);
  });

  it('honours secretFields for classes that cannot carry @Secret()', () => {
    class Plain {
      @IsString()
      password!: string;
    }
    class Decorated {
      @Secret()
      @IsString()
      key!: string;
    }
    const plainType = { id: 'plain', configClass: Plain, secretFields: ['password'] };
    expect(validateConnectorConfig(plainType, {}, { password: 'p' })).toEqual([]);
    const decoratedType = { id: 'decorated', configClass: Decorated };
    expect(validateConnectorConfig(decoratedType, { key: 'k' }, {})).toEqual(
      expect.arrayContaining([{ path: 'config.key', message: 'is a secret: send it in secrets' }]),
    );
  });
});
