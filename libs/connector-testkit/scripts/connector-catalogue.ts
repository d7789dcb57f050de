import { ScaffoldError, type ConnectorNames } from './connector-names';

const ARRAY = /(export const CONNECTORS\b[^=]*=\s*\[)([^\]]*)(\];)/;
const CONNECTOR_IMPORT = /^import \{ (\w+) \} from '\.\/([\w-]+)';$/;
const IMPORT_END = /(?:^import .* from '[^']+';$|^\} from '[^']+';$)/;

/**
 * `connectors/index.ts` with the new connector imported and listed, imports and entries sorted.
 * Pure (text in, text out) so the catalogue is checked before any file is written.
 */
export function addToCatalogue(source: string, names: Pick<ConnectorNames, 'id' | 'exportName'>): string {
  const array = ARRAY.exec(source);
  if (!array)
    throw new ScaffoldError(
      'connectors/index.ts has no `export const CONNECTORS = [ … ];` array to add the connector to: add it by hand',
    );
  const entries = array[2]!
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.some((entry) => !/^\w+$/.test(entry)))
    throw new ScaffoldError(
      'connectors/index.ts lists CONNECTORS in a form this script does not edit: add it by hand',
    );
  if (entries.includes(names.exportName))
    throw new ScaffoldError(`connectors/index.ts already lists ${names.exportName}`);

  const lines = source.replace(ARRAY, (_, open: string, _list: string, close: string) => {
    const sorted = [...entries, names.exportName].sort((a, b) => a.localeCompare(b));
    return `${open}\n${sorted.map((entry) => `  ${entry},\n`).join('')}${close}`;
  });

  // Connector imports form one sorted block after the other imports.
  const kept: string[] = [];
  const imports: { name: string; path: string }[] = [{ name: names.exportName, path: names.id }];
  for (const line of lines.split('\n')) {
    const match = CONNECTOR_IMPORT.exec(line);
    if (match) imports.push({ name: match[1]!, path: match[2]! });
    else kept.push(line);
  }
  if (imports.some((entry, i) => i > 0 && entry.path === names.id))
    throw new ScaffoldError(`connectors/index.ts already imports ./${names.id}`);
  const lastImport = kept.reduce((last, line, index) => (IMPORT_END.test(line) ? index : last), -1);
  const block = imports
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((entry) => `import { ${entry.name} } from './${entry.path}';`);
  kept.splice(lastImport + 1, 0, ...block);
  return kept.join('\n');
}
