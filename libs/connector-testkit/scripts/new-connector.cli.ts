// `npm run connector:new -- <id> --category <category> [--name "Display Name"] [--root <dir>]`:
// writes connectors/<id>/ (manifest and hooks skeleton, config, conformance spec with a fake of the
// tool, fixtures folder, README) and lists it in connectors/index.ts. See docs/write-a-connector.md.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ScaffoldError } from './connector-names';
import { scaffoldConnector } from './connector-scaffold';

const USAGE =
  'Usage: npm run connector:new -- <id> --category <monitoring|ticketing|cmdb|identity|cloud> [--name "Display Name"] [--root <dir>]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      category: { type: 'string', short: 'c' },
      name: { type: 'string' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (positionals.length !== 1) throw new ScaffoldError(`Give exactly one connector id.\n${USAGE}`);

  const root = resolve(values.root ?? join(__dirname, '..', '..', '..'));
  const result = await scaffoldConnector({
    id: positionals[0]!,
    category: values.category,
    displayName: values.name,
    root,
  });
  console.log(`Created ${result.folder}/:\n${result.files.map((file) => `  ${file}`).join('\n')}`);
  console.log(
    `\nNext: npx jest ${result.folder}   (the conformance spec passes as generated)\n` +
      'Then fill in the manifest and hooks: docs/write-a-connector.md',
  );
}

main().catch((error: unknown) => {
  // A usage mistake gets its message alone; anything else is a bug worth a stack.
  if (error instanceof ScaffoldError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
    console.error((error as Error).message);
  else console.error(error);
  process.exitCode = 1;
});
