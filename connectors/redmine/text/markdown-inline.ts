import { bareUrlAt, delimitedSpan, tokenize, type InlineToken, type Scanned } from './inline-tokens';

/** ASCII punctuation: what a backslash escapes in CommonMark. */
const ESCAPABLE = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const LINK_TAIL = /^\]\(([^()\s]+)(?:\s+"[^"]*")?\)/;
const AUTOLINK = /^<((?:https?|ftp|mailto):[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>/;

const SPANS: readonly [string, 'strong' | 'em' | 'del'][] = [
  ['**', 'strong'],
  ['__', 'strong'],
  ['~~', 'del'],
  ['*', 'em'],
  ['_', 'em'],
];

/**
 * The markdown constructs the Redmine connector converts: escapes, code spans, images, links,
 * autolinks, bare URLs, `**strong**`, `_em_`, `~~del~~` (emphasis at word boundaries only).
 */
export function scanMarkdown(text: string, at: number): Scanned | undefined {
  const char = text[at];
  if (char === '\\' && ESCAPABLE.test(text[at + 1] ?? ''))
    return { token: { kind: 'text', text: text[at + 1]! }, length: 2 };
  if (char === '`') return codeSpan(text, at);
  if (char === '!' && text[at + 1] === '[') return image(text, at);
  if (char === '[') return link(text, at);
  if (char === '<') {
    const match = AUTOLINK.exec(text.slice(at));
    if (match) return { token: { kind: 'url', text: match[1]! }, length: match[0].length };
  }
  const url = bareUrlAt(text, at);
  if (url) return url;
  for (const [delimiter, kind] of SPANS) {
    const span = delimitedSpan(text, at, delimiter);
    if (span) return { token: { kind, children: parseMarkdownInline(span.content) }, length: span.length };
  }
  return undefined;
}

/** Markdown inline text → tokens. */
export function parseMarkdownInline(text: string): InlineToken[] {
  return tokenize(text, scanMarkdown);
}

function codeSpan(text: string, at: number): Scanned | undefined {
  let ticks = 0;
  while (text[at + ticks] === '`') ticks += 1;
  const fence = '`'.repeat(ticks);
  for (let end = text.indexOf(fence, at + ticks); end !== -1; end = text.indexOf(fence, end + 1)) {
    if (text[end + ticks] === '`' || text[end - 1] === '`') continue;
    let code = text.slice(at + ticks, end);
    // CommonMark: one space on each side is padding (lets a span start or end with a backtick).
    if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '')
      code = code.slice(1, -1);
    return code === '' ? undefined : { token: { kind: 'code', text: code }, length: end + ticks - at };
  }
  return undefined;
}

/** `[` … `]` with nested brackets balanced; the index of the closing `]`, or -1. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '[') depth += 1;
    else if (text[i] === ']' && --depth === 0) return i;
  }
  return -1;
}

function link(text: string, at: number): Scanned | undefined {
  const close = closingBracket(text, at);
  if (close <= at + 1) return undefined;
  const tail = LINK_TAIL.exec(text.slice(close));
  if (!tail) return undefined;
  return {
    token: { kind: 'link', href: tail[1]!, children: parseMarkdownInline(text.slice(at + 1, close)) },
    length: close + tail[0].length - at,
  };
}

function image(text: string, at: number): Scanned | undefined {
  const close = closingBracket(text, at + 1);
  if (close === -1) return undefined;
  const tail = LINK_TAIL.exec(text.slice(close));
  if (!tail) return undefined;
  return {
    token: { kind: 'image', src: tail[1]!, alt: text.slice(at + 2, close) },
    length: close + tail[0].length - at,
  };
}

/**
 * Literal text made safe to read as markdown: a backslash before every character that would
 * start a construct (or an escape), so `*not emphasis*` and `[not a link](x)` stay as written.
 */
export function escapeMarkdownLiteral(text: string): string {
  let out = '';
  for (let at = 0; at < text.length;) {
    const char = text[at]!;
    const found = scanMarkdown(text, at);
    // `<tag` would be raw HTML, `<https://…>` an autolink that loses its brackets: keep both literal.
    if (char === '<' && /[A-Za-z/!?]/.test(text[at + 1] ?? '')) {
      out += '\\<';
      at += 1;
    } else if (found?.token.kind === 'url') {
      out += text.slice(at, at + found.length);
      at += found.length;
    } else {
      out += found || (char === '\\' && ESCAPABLE.test(text[at + 1] ?? '')) ? `\\${char}` : char;
      at += 1;
    }
  }
  return out;
}
