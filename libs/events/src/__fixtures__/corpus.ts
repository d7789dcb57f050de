import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The shared corpus: valid/*.json are events every validator must accept; invalid/<fault>.json
// are events every validator must reject, with the first error class validation must report in
// invalid-expected-errors.json.

export interface CorpusEntry {
  name: string;
  event: Record<string, unknown>;
}

function load(folder: string): CorpusEntry[] {
  const dir = join(__dirname, folder);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.json$/, ''),
      event: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>,
    }));
}

export const validCorpus: CorpusEntry[] = load('valid');
export const invalidCorpus: CorpusEntry[] = load('invalid');

/** Fixture name → the `path: message` class validation must report for it. */
export const expectedErrors = JSON.parse(
  readFileSync(join(__dirname, 'invalid-expected-errors.json'), 'utf8'),
) as Record<string, string>;
