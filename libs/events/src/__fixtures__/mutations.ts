import type { CorpusEntry } from './corpus';

// Deterministic mutations of the valid corpus: every value inside every valid event is removed or
// replaced by values of other JSON types, and every object gets an unknown property. Used to check
// that independent validators (compiled rules, class-validator, JSON Schema) agree beyond the
// hand-written fixtures.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const REPLACEMENTS: Json[] = [
  null,
  true,
  0,
  -1,
  1.5,
  '',
  'x',
  '2024-05-01T12:00:00Z',
  [],
  [{}],
  {},
  { a: 'b' },
];

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathsIn(value: Json, prefix: Path = []): Path[] {
  const found: Path[] = [];
  const children: [string | number, Json][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : isObject(value)
      ? Object.entries(value)
      : [];
  for (const [key, child] of children) found.push([...prefix, key], ...pathsIn(child, [...prefix, key]));
  return found;
}

function valueAt(root: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string, Json>)[key as string], root);
}

function changed(
  root: Json,
  path: Path,
  change: (parent: Json, key: string | number) => void,
): Record<string, unknown> {
  const copy = structuredClone(root);
  change(valueAt(copy, path.slice(0, -1)), path[path.length - 1]);
  return copy as Record<string, unknown>;
}

/** Every mutation of every entry, as `[description, event]`. */
export function mutationsOf(entries: CorpusEntry[]): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  for (const entry of entries) {
    const event = entry.event as Json;
    for (const path of pathsIn(event)) {
      const where = `${entry.name} ${path.join('.')}`;
      out.push([
        `${where} removed`,
        changed(event, path, (parent, key) => {
          if (Array.isArray(parent)) parent.splice(key as number, 1);
          else delete (parent as Record<string, Json>)[key];
        }),
      ]);
      for (const replacement of REPLACEMENTS) {
        out.push([
          `${where} = ${JSON.stringify(replacement)}`,
          changed(event, path, (parent, key) => {
            (parent as Record<string, Json>)[key as string] = structuredClone(replacement);
          }),
        ]);
      }
    }
    for (const path of [[], ...pathsIn(event)]) {
      if (!isObject(valueAt(event, path))) continue;
      const copy = structuredClone(event);
      (valueAt(copy, path) as Record<string, Json>).zz = 'x';
      out.push([`${entry.name} ${path.join('.')} + unknown property`, copy as Record<string, unknown>]);
    }
  }
  return out;
}
