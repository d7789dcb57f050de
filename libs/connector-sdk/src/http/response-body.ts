import type { ResponseBodyType } from './http-request';

/** Longest text body kept on an error's details; the vendor message is extracted separately. */
const MAX_ERROR_TEXT = 2_000;

/** Response headers as a plain lower-cased record; repeated headers joined with `, `. */
export function normalizeHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return result;
  const source = headers as { toJSON?: () => Record<string, unknown> };
  const plain: Record<string, unknown> =
    typeof source.toJSON === 'function' ? source.toJSON() : { ...headers };
  for (const [name, value] of Object.entries(plain)) {
    if (value === undefined || value === null) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return result;
}

/** The body as the caller asked for it. */
export function decodeBody(data: unknown, type: ResponseBodyType): unknown {
  if (type === 'buffer') return Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
  if (type === 'json' && data === '') return undefined;
  return data;
}

/** An error body in a form worth keeping on the error: parsed JSON, or text cut to size. */
export function errorBody(data: unknown): unknown {
  let value = data;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^[[{]/.test(trimmed)) {
      try {
        return JSON.parse(trimmed);
      } catch {
        // Not JSON: keep as text.
      }
    }
    if (trimmed === '') return undefined;
    return trimmed.length > MAX_ERROR_TEXT ? `${trimmed.slice(0, MAX_ERROR_TEXT)}…` : trimmed;
  }
  return value;
}
