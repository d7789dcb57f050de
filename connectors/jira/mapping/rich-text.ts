import { adfToMarkdown } from '../adf/adf-to-markdown.converter';
import { isAdfDocument } from '../adf/adf.types';
import { wikiMarkupToMarkdown } from '../adf/wiki-markup.converter';

/** A rich-text field as canonical markdown and as Jira stored it. */
export interface RichText {
  markdown: string;
  /** ADF as JSON text (REST v3), or the wiki markup string (webhooks). */
  native: string;
}

/**
 * A description or comment body in whichever shape Jira sent it: ADF (REST v3) or a wiki markup
 * string (webhook payloads use the v2 shape). Undefined for null, empty or unreadable values.
 */
export function richText(value: unknown): RichText | undefined {
  if (isAdfDocument(value)) return { markdown: adfToMarkdown(value), native: JSON.stringify(value) };
  if (typeof value === 'string' && value.trim() !== '')
    return { markdown: wikiMarkupToMarkdown(value), native: value };
  return undefined;
}
