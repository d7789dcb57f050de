/**
 * JSON with object keys sorted at every level and no whitespace, so the same value always gives
 * the same text, whichever process, dialect or key order produced it. Input goes through
 * `JSON.stringify` semantics first (Dates become ISO strings, `undefined` members disappear).
 */
export function canonicalJson(value: unknown): string {
  const plain: unknown = JSON.parse(JSON.stringify(value ?? null));
  return JSON.stringify(sortKeys(plain));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
