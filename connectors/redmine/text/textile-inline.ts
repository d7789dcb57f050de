import { bareUrlAt, delimitedSpan, tokenize, type InlineToken, type Scanned } from './inline-tokens';

const NOTEXTILE = /^<notextile>([\s\S]*?)<\/notextile>/;
const CODE_TAG = /^<code>([\s\S]*?)<\/code>/;
const IMAGE = /^![<>=]?([^\s!()]+)(?:\(([^)]*)\))?!/;
const LINK = /^"([^"\n]+)":([^\s<>"]+)/;
const BRACKETED_LINK = /^\["([^"\n]+)":([^\s\]]+)\]/;
/** Punctuation ending a sentence after a link is not part of its URL (RedCloth agrees). */
const URL_TRAILER = /[.,;:!?')]+$/;
const WORD_BOUNDARY = /[\s\p{P}\p{S}]/u;
/** Style, class and language blocks a span may open with: `%{color:red}x%`, `*(big)x*`. */
const SPAN_ATTRIBUTES = /^(?:\{[^}]*\}|\([^)]*\)|\[[^\]]*\])+/;

const SPANS: readonly [string, 'strong' | 'em' | 'del' | 'plain'][] = [
  ['**', 'strong'],
  ['__', 'em'],
  ['??', 'plain'],
  ['*', 'strong'],
  ['_', 'em'],
  ['-', 'del'],
  ['+', 'plain'],
  ['^', 'plain'],
  ['~', 'plain'],
  ['%', 'plain'],
];

const atBoundary = (text: string, at: number) => at === 0 || WORD_BOUNDARY.test(text[at - 1]!);

/**
 * The Textile constructs of Redmine's formatter that the connector reads: `<notextile>`, code
 * (`@x@`, `<code>`), images, links (`"text":url`, `["text":url]`), bare URLs, and the phrase
 * modifiers (`*strong*`, `_em_`, `-del-`; `+ins+`, `^sup^`, `~sub~`, `%span%`, `??cite??` have no
 * markdown equivalent and keep only their text).
 */
export function scanTextile(text: string, at: number): Scanned | undefined {
  const first = text[at];
  // Only these constructs need the rest of the text as a string; slicing at every position would not.
  const rest = first === '<' || first === '"' || first === '[' ? text.slice(at) : '';
  const notextile = rest && NOTEXTILE.exec(rest);
  if (notextile) return { token: { kind: 'text', text: notextile[1]! }, length: notextile[0].length };
  const codeTag = rest && CODE_TAG.exec(rest);
  if (codeTag && codeTag[1]) return { token: { kind: 'code', text: codeTag[1] }, length: codeTag[0].length };
  if (first === '@') {
    const span = delimitedSpan(text, at, '@');
    if (span) return { token: { kind: 'code', text: span.content }, length: span.length };
  }
  if (first === '!' && atBoundary(text, at)) {
    const match = IMAGE.exec(text.slice(at));
    if (match)
      return { token: { kind: 'image', src: match[1]!, alt: match[2] ?? '' }, length: match[0].length };
  }
  if (rest && atBoundary(text, at)) {
    const found = link(rest);
    if (found) return found;
  }
  const url = bareUrlAt(text, at);
  if (url) return url;
  for (const [delimiter, kind] of SPANS) {
    const span = delimitedSpan(text, at, delimiter);
    if (span) {
      const content = span.content.replace(SPAN_ATTRIBUTES, '');
      if (content) return { token: { kind, children: parseTextileInline(content) }, length: span.length };
    }
  }
  return undefined;
}

/** Textile inline text → tokens. */
export function parseTextileInline(text: string): InlineToken[] {
  return tokenize(text, scanTextile);
}

function link(rest: string): Scanned | undefined {
  const bracketed = BRACKETED_LINK.exec(rest);
  if (bracketed)
    return {
      token: { kind: 'link', href: bracketed[2]!, children: parseTextileInline(bracketed[1]!) },
      length: bracketed[0].length,
    };
  const plain = LINK.exec(rest);
  if (!plain) return undefined;
  const href = plain[2]!.replace(URL_TRAILER, '');
  if (!href) return undefined;
  return {
    token: { kind: 'link', href, children: parseTextileInline(plain[1]!) },
    length: plain[0].length - (plain[2]!.length - href.length),
  };
}

/**
 * Literal text made safe to read as Textile: every span Redmine's formatter would mark up is
 * wrapped in `<notextile>`, so `a -b- c` and `2 @x@ 3` show as written.
 */
export function escapeTextileLiteral(text: string): string {
  let out = '';
  for (let at = 0; at < text.length;) {
    const found = scanTextile(text, at);
    if (!found || found.token.kind === 'url') {
      const length = found?.length ?? 1;
      out += text.slice(at, at + length);
      at += length;
    } else {
      out += `<notextile>${text.slice(at, at + found.length)}</notextile>`;
      at += found.length;
    }
  }
  return out;
}
