import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'libs', 'connector-testkit', 'scripts', 'new-connector.cli.ts');

/** The catalogue as it starts out: the script must be able to grow it from nothing. */
const EMPTY_CATALOGUE = `import type { AnyConnectorDefinition } from '@switchboard/connector-sdk';

/** Every connector under \`connectors/\`, by id. */
export const CONNECTORS: readonly AnyConnectorDefinition[] = [];
`;

async function scaffold(root: string, ...args: string[]) {
  return run(process.execPath, ['-r', '@swc-node/register', CLI, ...args, '--root', root], {
    cwd: REPO,
  }).then(
    (result) => ({ code: 0, ...result }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

/**
 * `npm run connector:new` into a throw-away root outside the repository (its node_modules linked
 * in): the generated connectors type-check, lint, and pass their conformance spec as generated.
 */
describe('npm run connector:new', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sb-scaffold-'));
    mkdirSync(join(root, 'connectors'));
    writeFileSync(join(root, 'connectors', 'index.ts'), EMPTY_CATALOGUE);
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes the connector folder and lists each new connector in the catalogue, sorted', async () => {
    const first = await scaffold(root, 'zeta-monitor', '--category', 'monitoring');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Created connectors/zeta-monitor/');
    const second = await scaffold(root, 'acme-desk', '--category', 'ticketing', '--name', 'ACME Desk');
    expect(second.code).toBe(0);

    for (const file of [
      'acme-desk.connector.ts',
      'acme-desk.config.ts',
      'index.ts',
      'acme-desk.conformance.spec.ts',
      'fixtures/README.md',
      'README.md',
    ])
      expect(existsSync(join(root, 'connectors', 'acme-desk', file))).toBe(true);
    expect(readFileSync(join(root, 'connectors', 'acme-desk', 'acme-desk.connector.ts'), 'utf8')).toContain(
      "displayName: 'ACME Desk'",
    );
    const catalogue = readFileSync(join(root, 'connectors', 'index.ts'), 'utf8');
    expect(catalogue).toContain(
      "import { acmeDeskConnector } from './acme-desk';\nimport { zetaMonitorConnector } from './zeta-monitor';",
    );
    expect(catalogue).toContain('[acmeDeskConnector, zetaMonitorConnector]');
  });

  it('refuses an existing id, a bad id and an unknown category, writing nothing', async () => {
    const before = readFileSync(join(root, 'connectors', 'index.ts'), 'utf8');
    const existing = await scaffold(root, 'acme-desk', '--category', 'ticketing');
    expect(existing).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('connectors/acme-desk already exists'),
    });
    const badId = await scaffold(root, 'Acme', '--category', 'ticketing');
    expect(badId).toMatchObject({ code: 1, stderr: expect.stringContaining('must be lower-case') });
    const badCategory = await scaffold(root, 'acme-crm', '--category', 'crm');
    expect(badCategory).toMatchObject({ code: 1, stderr: expect.stringContaining('Unknown category "crm"') });
    expect(existsSync(join(root, 'connectors', 'acme-crm'))).toBe(false);
    expect(readFileSync(join(root, 'connectors', 'index.ts'), 'utf8')).toBe(before);
  });

  it('generates code that type-checks under the repository settings and passes its lint', async () => {
    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({ extends: join(REPO, 'tsconfig.json'), include: ['connectors/**/*.ts'] }),
    );
    await expect(
      run(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root, '--noEmit']),
    ).resolves.toBeDefined();
    await expect(
      run(
        process.execPath,
        [
          join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js'),
          '--config',
          join(REPO, 'eslint.config.mjs'),
          'connectors',
        ],
        { cwd: root },
      ),
    ).resolves.toBeDefined();
  });

  it('generates connectors whose conformance specs pass as generated', async () => {
    // The repository's Jest settings (SWC, path aliases), pointed at the throw-away root.
    const { projects } = (await import(join(REPO, 'jest.config.js'))) as {
      projects: { transform: unknown; moduleNameMapper: Record<string, string> }[];
    };
    const [unit] = projects;
    const config = {
      rootDir: root,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/connectors/**/*.spec.ts'],
      transform: unit!.transform,
      moduleNameMapper: Object.fromEntries(
        Object.entries(unit!.moduleNameMapper).map(([alias, target]) => [
          alias,
          target.replace('<rootDir>', REPO),
        ]),
      ),
    };
    writeFileSync(join(root, 'jest.config.json'), JSON.stringify(config));
    const { stderr } = await run(
      process.execPath,
      [
        join(REPO, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--config',
        join(root, 'jest.config.json'),
        '--ci',
        '--verbose',
      ],
      { cwd: root },
    );
    expect(stderr).toContain('acme-desk conformance');
    expect(stderr).toContain('zeta-monitor conformance');
    expect(stderr).toMatch(/Tests:\s+(\d+) passed, \1 total/);
  });
});
