import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const APPS = ['hub', 'connector-runtime', 'orchestrator', 'admin-api'];

function paths(file: string): Record<string, string[]> {
  return JSON.parse(readFileSync(join(ROOT, file), 'utf8')).compilerOptions.paths;
}

/**
 * The webpack build resolves `@switchboard/*` with tsconfig-paths-webpack-plugin, which reads
 * `paths` relative to the app's tsconfig when there is no `baseUrl` (and the root config has none
 * on purpose). So each app repeats the aliases, rebased; this keeps the copies in step.
 */
describe('apps/*/tsconfig.app.json', () => {
  const rebased = Object.fromEntries(
    Object.entries(paths('tsconfig.json')).map(([alias, targets]) => [
      alias,
      targets.map((target) => target.replace(/^\.\//, '../../')),
    ]),
  );

  it.each(APPS)('%s maps every @switchboard alias like the root tsconfig.json', (app) => {
    expect(paths(`apps/${app}/tsconfig.app.json`)).toEqual(rebased);
  });
});
