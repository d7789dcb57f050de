import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { addToCatalogue } from './connector-catalogue';
import { connectorNames, ScaffoldError } from './connector-names';
import { connectorFiles } from './connector-templates';

/** What to scaffold, and where. */
export interface ScaffoldRequest {
  id: string;
  category: string | undefined;
  displayName?: string;
  /** The folder holding `connectors/` (the repository root). */
  root: string;
}

/** What was written, relative to the root. */
export interface ScaffoldResult {
  folder: string;
  files: string[];
}

/**
 * Writes `connectors/<id>/` and lists it in `connectors/index.ts`, everything formatted with the
 * repository's Prettier settings. Checks everything (id, category, folder, catalogue) before
 * writing anything, and removes the folder again if a write fails half-way.
 */
export async function scaffoldConnector(request: ScaffoldRequest): Promise<ScaffoldResult> {
  const names = connectorNames(request.id, request.category, request.displayName);
  const connectors = join(request.root, 'connectors');
  const folder = join(connectors, names.id);
  const cataloguePath = join(connectors, 'index.ts');
  if (!existsSync(cataloguePath))
    throw new ScaffoldError(
      `${cataloguePath} does not exist: --root must be the folder that holds connectors/`,
    );
  if (existsSync(folder)) throw new ScaffoldError(`connectors/${names.id} already exists`);

  const catalogue = await format(cataloguePath, addToCatalogue(readFileSync(cataloguePath, 'utf8'), names));
  const files = await Promise.all(
    Object.entries(connectorFiles(names)).map(async ([path, content]) => {
      const absolute = join(folder, path);
      return [absolute, await format(absolute, content)] as const;
    }),
  );

  try {
    for (const [path, content] of files) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content, { flag: 'wx' });
    }
    writeFileSync(cataloguePath, catalogue);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    folder: relative(request.root, folder),
    files: [...files.map(([path]) => relative(request.root, path)), relative(request.root, cataloguePath)],
  };
}

/**
 * Formats like `npm run format` would, so a new connector passes `npm run lint` as generated. A
 * root outside the repository (the scaffold's own test) gets the repository's settings.
 */
async function format(path: string, content: string): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(path)) ?? (await prettier.resolveConfig(__filename)) ?? {};
  return prettier.format(content, { ...options, filepath: path });
}
