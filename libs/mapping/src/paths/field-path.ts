/** One step of a field path: a property name or a list index. */
export type PathSegment = string | number;

/** A parsed path, or why the text is not one. */
export type PathParse = { ok: true; segments: PathSegment[] } | { ok: false; message: string };

/** Longest path text accepted, in characters. */
export const MAX_PATH_LENGTH = 512;
/** Most segments a path may have. */
export const MAX_PATH_SEGMENTS = 32;
/** Largest list index a path may name. */
export const MAX_PATH_INDEX = 100_000;

// A bare segment; anything else is written as ["quoted"].
const BARE = /^[A-Za-z0-9_$-]+/;
const SIMPLE_NAME = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

// Names that reach into the prototype chain rather than the data: reading them yields functions or
// prototypes, and writing them is prototype pollution. Refused in every path, whatever the schema says.
const RESERVED: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Whether a property name is refused in paths (`__proto__`, `constructor`, `prototype`, `toString`, …). */
export function isReservedName(name: string): boolean {
  return RESERVED.has(name);
}

/**
 * Parses `data.resource.host`, `links[0].href` or `labels["app.kubernetes.io/name"]`: names
 * separated by dots, `[n]` for list items, `["…"]` (a JSON string) for names with other characters.
 * Names that reach the prototype chain are refused, so a path can only ever address data.
 */
export function parsePath(text: string): PathParse {
  if (typeof text !== 'string' || text.length === 0) return fail('must be a non-empty path');
  if (text.length > MAX_PATH_LENGTH) return fail(`is longer than ${MAX_PATH_LENGTH} characters`);
  const segments: PathSegment[] = [];
  let rest = text;
  let first = true;
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      const parsed = bracketSegment(rest);
      if (typeof parsed === 'string') return fail(parsed);
      segments.push(parsed.segment);
      rest = rest.slice(parsed.length);
    } else {
      if (!first) {
        if (!rest.startsWith('.')) return fail(`expected "." or "[" at "${clip(rest)}"`);
        rest = rest.slice(1);
      }
      const bare = BARE.exec(rest);
      if (!bare) return fail(`expected a field name at "${clip(rest) || 'the end'}"`);
      segments.push(bare[0]);
      rest = rest.slice(bare[0].length);
    }
    first = false;
    if (segments.length > MAX_PATH_SEGMENTS) return fail(`has more than ${MAX_PATH_SEGMENTS} segments`);
  }
  for (const segment of segments)
    if (typeof segment === 'string' && isReservedName(segment))
      return fail(
        `must not use "${segment}": __proto__, prototype, constructor and other Object.prototype names are refused`,
      );
  return { ok: true, segments };
}

function bracketSegment(text: string): { segment: PathSegment; length: number } | string {
  const index = /^\[(\d+)\]/.exec(text);
  if (index) {
    const value = Number(index[1]);
    if (value > MAX_PATH_INDEX) return `index ${index[1]} is larger than ${MAX_PATH_INDEX}`;
    return { segment: value, length: index[0].length };
  }
  if (text[1] !== '"') return `expected [n] or ["name"] at "${clip(text)}"`;
  // Find the closing quote of the JSON string, skipping escaped characters.
  let end = 2;
  while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
  if (end >= text.length || text[end + 1] !== ']') return `unterminated ["name"] at "${clip(text)}"`;
  let name: unknown;
  try {
    name = JSON.parse(text.slice(1, end + 1));
  } catch {
    return `["name"] must hold a JSON string at "${clip(text)}"`;
  }
  if (typeof name !== 'string' || name.length === 0) return `["name"] must not be empty`;
  return { segment: name, length: end + 2 };
}

/**
 * Throws unless every segment is a safe name or index: compilers call it again on validated paths,
 * so a plan that skipped validation still cannot reach the prototype chain.
 */
export function assertSafePath(segments: readonly PathSegment[]): void {
  for (const segment of segments) {
    const safe =
      typeof segment === 'number'
        ? Number.isSafeInteger(segment) && segment >= 0 && segment <= MAX_PATH_INDEX
        : typeof segment === 'string' && !isReservedName(segment);
    if (!safe) throw new Error(`refusing the path segment ${JSON.stringify(segment)}`);
  }
}

/** The canonical text of a path: `data.resource.host`, `links[0]`, `labels["app/name"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (SIMPLE_NAME.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Where an error about a rule lives in the definition: `fields.title`, `fields.priority.map`, or
 * `fields["customFields[\"jira.x\"]"].from` when the target path itself needs quoting.
 */
export function rulePath(target: string, ...more: string[]): string {
  const base = /^[A-Za-z_$][A-Za-z0-9_$-]*(\.[A-Za-z_$][A-Za-z0-9_$-]*|\[\d+\])*$/.test(target)
    ? `fields.${target}`
    : `fields[${JSON.stringify(target)}]`;
  return [base, ...more].join('.');
}

function fail(message: string): PathParse {
  return { ok: false, message };
}

function clip(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}
