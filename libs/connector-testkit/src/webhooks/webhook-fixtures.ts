import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One webhook delivery captured from the real tool. */
export interface WebhookFixture {
  /** File name without `.json`, e.g. `firing-two-alerts`. */
  name: string;
  /** The body, byte for byte as the tool sent it. */
  rawBody: Buffer;
  /** Non-auth headers the tool sent with it, names lower-cased (from `<name>.headers.json`). */
  headers: Record<string, string>;
}

const HEADERS_SUFFIX = '.headers.json';

/**
 * Reads a fixture folder: every `<name>.json` is a body exactly as captured (never reformatted:
 * signatures are over bytes), with optional `<name>.headers.json` holding `{ "header": "value" }`.
 * Other files (a README) are ignored. Sorted by name. Throws when the folder is missing or a
 * headers file is not an object of strings.
 */
export function loadWebhookFixtures(dir: string): WebhookFixture[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(`The webhook fixture folder ${dir} does not exist`);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && !file.endsWith(HEADERS_SUFFIX))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.json'.length);
      const headersFile = join(dir, `${name}${HEADERS_SUFFIX}`);
      return {
        name,
        rawBody: readFileSync(join(dir, file)),
        headers: existsSync(headersFile) ? readHeaders(headersFile) : {},
      };
    });
}

function readHeaders(file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`${file} must hold an object of header names to values`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new Error(`${file}: header ${name} must be a string`);
    headers[name.toLowerCase()] = value;
  }
  return headers;
}
