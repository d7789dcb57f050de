import { getConfigVariables } from './config-variable.decorator';
import { EnvironmentVariables } from './environment-variables.dto';

/** Rows of the README configuration table: variable, default, meaning. */
export function configTableRows(): string[][] {
  return getConfigVariables(EnvironmentVariables).map((v) => [
    `\`${v.name}\``,
    v.default === undefined ? '—' : `\`${v.default}\``,
    `${v.description}${v.sensitive ? ' Redacted in logs and error messages.' : ''}`,
  ]);
}

/** The README configuration table as Markdown (`libs/config/scripts/print-config-table.ts` prints it). */
export function renderConfigTable(): string {
  const header = ['Variable', 'Default', 'Meaning'];
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...configTableRows().map(line)].join('\n');
}
