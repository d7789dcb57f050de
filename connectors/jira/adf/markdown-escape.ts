// Escaping text so that markdown reads it back as the same text. What needs a backslash depends
// on where the text sits: anywhere (emphasis, code, links, autolinks, entities) or at the start of
// a line (headings, quotes, list markers, setext underlines).

const ALWAYS = /[\\`*[\]~<]/g;
/** `&amp;`, `&#32;`: markdown decodes character references, so a literal one needs its `&` escaped. */
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;
/** `_` opens or closes emphasis only next to something other than a letter or digit on one side. */
const UNDERSCORE = /_/g;
const WORD = /[\p{L}\p{N}]/u;

/** Escapes `text` for inline markdown; `lineStart` when it begins a line of the output. */
export function escapeMarkdown(text: string, lineStart: boolean): string {
  let escaped = text
    .replace(ALWAYS, '\\$&')
    .replace(ENTITY, '\\&')
    .replace(UNDERSCORE, (match, offset: number, whole: string) =>
      WORD.test(whole[offset - 1] ?? '') && WORD.test(whole[offset + 1] ?? '') ? match : '\\_',
    );
  if (lineStart) escaped = escapeLineStart(escaped);
  return escaped;
}

/** Escapes what would start a block at the beginning of a line. */
export function escapeLineStart(line: string): string {
  if (/^[#>]/.test(line)) return `\\${line}`;
  if (/^[-+](\s|$)/.test(line)) return `\\${line}`;
  if (/^[=-]+\s*$/.test(line)) return `\\${line}`;
  const ordered = /^(\d{1,9})([.)])(\s|$)/.exec(line);
  if (ordered) return `${ordered[1]}\\${line.slice(ordered[1]!.length)}`;
  return line;
}

/** A code span holding `text`: enough backticks to enclose any run inside, padded when needed. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .*[^ ].* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fence for a code block holding `text`: longer than any backtick run at a line start inside. */
export function codeFence(text: string): string {
  const longest = Math.max(0, ...(text.match(/^ {0,3}`{3,}/gm) ?? []).map((run) => run.trim().length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A link destination markdown reads back unchanged (spaces and parentheses are the trouble). */
export function linkDestination(href: string): string {
  return /[\s()<>]/.test(href) ? `<${href.replace(/[<>]/g, (c) => encodeURIComponent(c))}>` : href;
}
