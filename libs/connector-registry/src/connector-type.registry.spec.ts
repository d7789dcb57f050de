import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { IsString } from 'class-validator';
import { ConnectorTypeRegistry, Secret, exampleConnectorType, validateConnectorConfig } from './index';

const good = { baseUrl: 'https://tracker.example.com', project: 'OPS' };

describe('ConnectorTypeRegistry', () => {
  it('registers, gets and lists types; the same definition twice is a no-op, another under the same id a conflict', () => {
    const registry = new ConnectorTypeRegistry();
    registry.register(exampleConnectorType);
    registry.register(exampleConnectorType);
    expect(registry.get('example')).toBe(exampleConnectorType);
    expect(registry.list()).toEqual([exampleConnectorType]);
    expect(registry.get('nope')).toBeUndefined();
    let failure: unknown;
    try {
      registry.register({ ...exampleConnectorType });
    } catch (error) {
      failure = error;
    }
    expect((failure as SwitchboardError).code).toBe(ErrorCode.Conflict);
  });

  it('rejects a definition with a bad id, version or category', () => {
    const registry = new ConnectorTypeRegistry();
    expect(() =>
      registry.register({ ...exampleConnectorType, id: 'Bad Id', version: '1.0', category: 'crm' as 'cmdb' }),
    ).toThrow(SwitchboardError);
  });

  it('publishes a manifest whose config schema forbids unknown fields and marks secrets writeOnly', () => {
    const registry = new ConnectorTypeRegistry();
    registry.register(exampleConnectorType);
    const manifest = registry.manifest('example')!;
    expect(manifest).toMatchObject({
      id: 'example',
      version: '1.0.0',
      category: 'ticketing',
      secretFields: ['apiToken'],
    });
    const schema = manifest.configSchema as { properties: Record<string, Record<string, unknown>> } & Record<
      string,
      unknown
    >;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['baseUrl', 'project', 'apiToken']));
    expect(schema.properties.apiToken!.writeOnly).toBe(true);
    expect(schema.properties.baseUrl!.writeOnly).toBeUndefined();
  });
});

describe('validateConnectorConfig', () => {
  it('accepts a good config with its secrets', () => {
    expect(validateConnectorConfig(exampleConnectorType, good, { apiToken: 't0ken' })).toEqual([]);
  });

  it('reports path-qualified errors without echoing values', () => {
    const errors = validateConnectorConfig(
      exampleConnectorType,
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
    expect(
      validateConnectorConfig(exampleConnectorType, { ...good, apiToken: 'x' }, { project: 'y' }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'config.apiToken', message: 'is a secret: send it in secrets' },
        { path: 'secrets.project', message: 'is not a secret field of example' },
        { path: 'secrets.apiToken', message: 'is required' },
      ]),
    );
    expect(validateConnectorConfig(exampleConnectorType, 'nope', {})).toEqual([
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
    const plainType = {
      ...exampleConnectorType,
      id: 'plain',
      configClass: Plain,
      secretFields: ['password'],
    };
    expect(validateConnectorConfig(plainType, {}, { password: 'p' })).toEqual([]);
    const decoratedType = { ...exampleConnectorType, id: 'decorated', configClass: Decorated };
    expect(validateConnectorConfig(decoratedType, { key: 'k' }, {})).toEqual(
      expect.arrayContaining([{ path: 'config.key', message: 'is a secret: send it in secrets' }]),
    );
  });
});
