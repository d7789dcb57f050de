import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTableRows, renderConfigTable } from './config-table';

const README = join(__dirname, '..', '..', '..', 'README.md');

/** Cells of the Markdown table between the README's config-table markers, whatever its alignment. */
function readmeRows(): string[][] {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf('<!-- config-table:start');
  const end = text.indexOf('<!-- config-table:end -->');
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return text
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

describe('README configuration table', () => {
  it('lists every variable with its default and meaning, as declared in libs/config', () => {
    const hint = `Regenerate it with: node -r @swc-node/register libs/config/scripts/print-config-table.ts\n\n${renderConfigTable()}`;
    const actual = readmeRows();
    const expected = configTableRows().map((row) => row.map((cell) => cell.replace(/\|/g, '\\|')));
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      throw new Error(`README.md is out of date. ${hint}`);
  });
});
