import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { ConnectorTypeRegistry, exampleConnectorType } from './index';

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

  it('rejects a definition with a bad id, version or category, naming each', () => {
    const registry = new ConnectorTypeRegistry();
    let failure: SwitchboardError | undefined;
    try {
      registry.register({
        ...exampleConnectorType,
        manifest: {
          ...exampleConnectorType.manifest,
          id: 'Bad Id',
          version: '1.0',
          category: 'crm' as 'cmdb',
        },
      });
    } catch (error) {
      failure = error as SwitchboardError;
    }
    expect(failure?.fieldErrors?.map((e) => e.path)).toEqual(['id', 'version', 'category']);
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
      auth: [{ type: 'bearer', tokenSecret: 'apiToken' }],
      emits: [],
      commands: [],
    });
    expect(registry.manifest('example')).toBe(manifest); // built once
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
