import { parsePath, type PathSegment } from '../paths/field-path';

/** A piece of a template: literal text, or a `{{path}}` placeholder. */
export type TemplatePart = { text: string } | { path: PathSegment[]; source: string };

/** Most placeholders one template may have. */
export const MAX_PLACEHOLDERS = 100;

/**
 * Splits `Alert {{data.title}} on {{ data.resource.host }}` into text and placeholder paths.
 * Placeholders hold paths only (no expressions), so a template compiles to concatenation of
 * direct reads. There is no escape for a literal `{{`.
 */
export function parseTemplate(
  template: string,
): { ok: true; parts: TemplatePart[] } | { ok: false; message: string } {
  const parts: TemplatePart[] = [];
  let position = 0;
  while (position < template.length) {
    const open = template.indexOf('{{', position);
    if (open === -1) {
      parts.push({ text: template.slice(position) });
      break;
    }
    if (open > position) parts.push({ text: template.slice(position, open) });
    const close = template.indexOf('}}', open + 2);
    if (close === -1) return { ok: false, message: `has an unclosed {{ at position ${open}` };
    const source = template.slice(open + 2, close).trim();
    if (source === '') return { ok: false, message: `has an empty {{}} at position ${open}` };
    const parsed = parsePath(source);
    if (!parsed.ok) return { ok: false, message: `{{${source}}} is not a valid path: ${parsed.message}` };
    parts.push({ path: parsed.segments, source });
    if (parts.length > MAX_PLACEHOLDERS * 2 + 1)
      return { ok: false, message: `has more than ${MAX_PLACEHOLDERS} placeholders` };
    position = close + 2;
  }
  return { ok: true, parts };
}

/** How a placeholder's value reads in text: missing is empty, objects and lists are JSON. */
export function templateText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
