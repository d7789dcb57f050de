// The inline constructs both converters know, and the word-boundary rule both apply. Textile
// (RedCloth, as Redmine renders it) only takes `*x*`, `_x_`, `-x-`… as markup at word
// boundaries; reading markdown by the same rule keeps `snake_case`, `2*3*4` and `well-known`
// literal in both directions, which is what makes a round trip give back the same text.

/** A span of inline text, as one of the two scanners reads it. */
export type InlineToken =
  | { kind: 'text'; text: string }
  /** A URL or e-mail address written out: the same in both formats, never marked up. */
  | { kind: 'url'; text: string }
  | { kind: 'strong' | 'em' | 'del' | 'plain'; children: InlineToken[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: InlineToken[] }
  | { kind: 'image'; src: string; alt: string };

/** A token found at a position, with the length of source it covers. */
export interface Scanned {
  token: InlineToken;
  length: number;
}

/** Reads the construct starting at `at`, if one does (`text[at - 1]` is its context). */
export type TokenScanner = (text: string, at: number) => Scanned | undefined;

const SPACE = /\s/u;
const SPACE_OR_PUNCTUATION = /[\s\p{P}\p{S}]/u;

/** Bare URLs and e-mail addresses: Redmine links them in every format, so they pass untouched. */
const BARE_URL = /^(?:(?:https?|ftp):\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?)\]'*_~]/u;
const BARE_EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+/u;

export function bareUrlAt(text: string, at: number): Scanned | undefined {
  if (at > 0 && !SPACE_OR_PUNCTUATION.test(text[at - 1]!)) return undefined;
  const rest = text.slice(at);
  const match = BARE_URL.exec(rest) ?? BARE_EMAIL.exec(rest);
  return match ? { token: { kind: 'url', text: match[0] }, length: match[0].length } : undefined;
}

/**
 * A delimited span (`*x*`, `~~x~~`) at `at`: the opening delimiter follows a word boundary and
 * precedes a non-space, the closing one follows a non-space and precedes a word boundary, and
 * the content is not empty. Answers the content's extent, or undefined.
 */
export function delimitedSpan(
  text: string,
  at: number,
  open: string,
  close = open,
): { content: string; length: number } | undefined {
  if (!text.startsWith(open, at)) return undefined;
  if (at > 0 && !SPACE_OR_PUNCTUATION.test(text[at - 1]!)) return undefined;
  const start = at + open.length;
  if (start >= text.length || SPACE.test(text[start]!)) return undefined;
  // The delimiter repeated (`***`, `----`) is a rule or a longer delimiter, not this one.
  if (text.startsWith(close[0]!, start)) return undefined;
  for (let end = text.indexOf(close, start + 1); end !== -1; end = text.indexOf(close, end + 1)) {
    const after = end + close.length;
    if (SPACE.test(text[end - 1]!) || text[end - 1] === '\\') continue;
    if (after < text.length && !SPACE_OR_PUNCTUATION.test(text[after]!)) continue;
    if (text.startsWith(close[0]!, after)) continue;
    return { content: text.slice(start, end), length: after - at };
  }
  return undefined;
}

/**
 * Splits `text` into tokens with `scan`; characters no construct starts at gather into text
 * tokens. `scan` sees the whole string, so boundaries are judged on the original context.
 */
export function tokenize(text: string, scan: TokenScanner): InlineToken[] {
  const tokens: InlineToken[] = [];
  let literal = '';
  for (let at = 0; at < text.length;) {
    const found = scan(text, at);
    if (found) {
      if (literal) tokens.push({ kind: 'text', text: literal });
      literal = '';
      tokens.push(found.token);
      at += found.length;
    } else {
      literal += text[at];
      at += 1;
    }
  }
  if (literal) tokens.push({ kind: 'text', text: literal });
  return tokens;
}
