import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addToCatalogue } from './connector-catalogue';
import { connectorNames } from './connector-names';

const EMPTY_CATALOGUE = `// The catalogue.
import type { AnyConnectorDefinition } from '@switchboard/connector-sdk';

/** Every connector under \`connectors/\`, by id. */
export const CONNECTORS: readonly AnyConnectorDefinition[] = [];
`;

describe('connectorNames', () => {
  it('derives the display name, config class prefix and export name from a kebab-case id', () => {
    expect(connectorNames('service-now', 'ticketing')).toEqual({
      id: 'service-now',
      displayName: 'Service Now',
      pascal: 'ServiceNow',
      exportName: 'serviceNowConnector',
      category: 'ticketing',
    });
    expect(connectorNames('jira', 'ticketing', ' Jira Cloud ').displayName).toBe('Jira Cloud');
  });

  it.each([
    ['Jira', 'lower-case'],
    ['2fa-tool', 'starting with a letter'],
    ['my_tool', 'separated by "-"'],
    ['trailing-', 'separated by "-"'],
    ['x'.repeat(41), 'at most 40 characters'],
    ['index', 'reserved'],
  ])('refuses the id %s, saying what an id must be', (id, expected) => {
    expect(() => connectorNames(id, 'ticketing')).toThrow(expected);
  });

  it('refuses a missing or unknown category, listing the valid ones', () => {
    expect(() => connectorNames('jira', undefined)).toThrow(
      '--category is required: one of monitoring, ticketing, cmdb, identity, cloud',
    );
    expect(() => connectorNames('jira', 'crm')).toThrow('Unknown category "crm": use one of monitoring');
  });
});

describe('addToCatalogue', () => {
  it('imports and lists the connector in an empty catalogue', () => {
    const source = addToCatalogue(EMPTY_CATALOGUE, { id: 'jira', exportName: 'jiraConnector' });
    expect(source).toContain(
      "import type { AnyConnectorDefinition } from '@switchboard/connector-sdk';\nimport { jiraConnector } from './jira';\n",
    );
    expect(source).toContain('= [\n  jiraConnector,\n];');
  });

  it('keeps imports and entries sorted', () => {
    let source = addToCatalogue(EMPTY_CATALOGUE, { id: 'redmine', exportName: 'redmineConnector' });
    source = addToCatalogue(source, { id: 'alertmanager', exportName: 'alertmanagerConnector' });
    source = addToCatalogue(source, { id: 'jira', exportName: 'jiraConnector' });
    const imports = source.split('\n').filter((line) => line.startsWith('import { '));
    expect(imports).toEqual([
      "import { alertmanagerConnector } from './alertmanager';",
      "import { jiraConnector } from './jira';",
      "import { redmineConnector } from './redmine';",
    ]);
    expect(source).toContain('[\n  alertmanagerConnector,\n  jiraConnector,\n  redmineConnector,\n];');
  });

  it('refuses a connector already listed, and a catalogue it cannot read', () => {
    const source = addToCatalogue(EMPTY_CATALOGUE, { id: 'jira', exportName: 'jiraConnector' });
    expect(() => addToCatalogue(source, { id: 'jira', exportName: 'jiraConnector' })).toThrow(
      'already lists',
    );
    expect(() =>
      addToCatalogue('export const OTHER = [];', { id: 'jira', exportName: 'jiraConnector' }),
    ).toThrow('add it by hand');
  });

  it("can edit the repository's catalogue as it is today", () => {
    const repository = readFileSync(join(__dirname, '..', '..', '..', 'connectors', 'index.ts'), 'utf8');
    expect(addToCatalogue(repository, { id: 'zz-probe', exportName: 'zzProbeConnector' })).toContain(
      "import { zzProbeConnector } from './zz-probe';",
    );
  });
});
