// Atlassian Document Format: the rich text of Jira Cloud REST v3 (descriptions, comments).
// Only the shape is typed here; which nodes and marks the converters understand is in their files.

/** A mark on a text node: `strong`, `em`, `code`, `strike`, `link` (attrs.href), … */
export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}

/** Any ADF node. Block nodes have `content`; `text` nodes have `text` and `marks`. */
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: AdfMark[];
}

/** The root: `{ type: 'doc', version: 1, content: [...] }`. */
export interface AdfDocument extends AdfNode {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

/** Whether a value looks like an ADF document (Jira v3 bodies) rather than a string (v2, webhooks). */
export function isAdfDocument(value: unknown): value is AdfDocument {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'doc' &&
    Array.isArray((value as { content?: unknown }).content)
  );
}

/** The scheme of mention links in canonical markdown: `[@Jane Doe](mention:5b10a2844c20165700ede21g)`. */
export const MENTION_SCHEME = 'mention:';
