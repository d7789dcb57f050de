import { markdownToTextile } from './markdown-to-textile';
import { textileToMarkdown } from './textile-to-markdown';

/**
 * Redmine's "Text formatting" setting (Administration → Settings → General). Redmine 5.0 ships
 * `textile` (the default), `common_mark` (CommonMark/GFM, new in 5.0), `markdown` (Redcarpet,
 * deprecated) and none (plain text). The REST API does not expose it, so the instance config says it.
 */
export const TEXT_FORMATTINGS = ['textile', 'common_mark', 'markdown', 'none'] as const;
export type TextFormatting = (typeof TEXT_FORMATTINGS)[number];

/** Redmine answers CRLF line ends (browsers post them); the canonical text uses LF. */
export function normalizeLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Canonical markdown → the text Redmine stores. Textile gets a conversion; the markdown formats
 * and plain text take markdown as it is.
 */
export function toRedmineText(markdown: string, format: TextFormatting): string {
  const text = normalizeLineEnds(markdown);
  return format === 'textile' ? markdownToTextile(text) : text;
}

/** The text Redmine stores → canonical markdown (line ends normalized). */
export function fromRedmineText(native: string, format: TextFormatting): string {
  const text = normalizeLineEnds(native);
  return format === 'textile' ? textileToMarkdown(text) : text;
}
