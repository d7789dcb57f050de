import type { AdfMark, AdfNode } from './adf.types';
import { MENTION_SCHEME } from './adf.types';
import { codeFence, codeSpan, escapeLineStart, escapeMarkdown, linkDestination } from './markdown-escape';
import { MARK_ORDER, markdownToAdf } from './markdown-to-adf.converter';

// ADF → markdown. Written by hand: it is a tree walk, and the libraries that do it (adf-to-md,
// marklassian's sibling) either drop mentions and nesting or ship as ESM only. What it writes is
// what markdownToAdf reads back to the same ADF (the round-trip specs prove it for every node
// below). Nodes markdown cannot express keep their text (see the README's "ADF" section).

/** Converts an ADF document (or any ADF node) to canonical markdown. */
export function adfToMarkdown(node: AdfNode): string {
  return blocks(node.content ?? (node.type === 'text' ? [node] : [])).trim();
}

function blocks(nodes: readonly AdfNode[]): string {
  return nodes
    .map(block)
    .filter((text) => text !== '')
    .join('\n\n');
}

function block(node: AdfNode): string {
  switch (node.type) {
    case 'paragraph':
      return verifiedInline(node.content ?? []);
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level) || 1));
      return `${'#'.repeat(level)} ${inline(node.content ?? []).replace(/\n/g, ' ')}`;
    }
    case 'bulletList':
      return (node.content ?? []).map((item) => listItem(item, '- ')).join('\n');
    case 'orderedList': {
      const start = Number(node.attrs?.order) >= 0 ? Number(node.attrs?.order) : 1;
      return (node.content ?? []).map((item, i) => listItem(item, `${start + i}. `)).join('\n');
    }
    case 'taskList':
      return (node.content ?? [])
        .map((item) => listItem(item, item.attrs?.state === 'DONE' ? '- [x] ' : '- [ ] '))
        .join('\n');
    case 'decisionList':
      return (node.content ?? []).map((item) => listItem(item, '- ')).join('\n');
    case 'blockquote':
      return prefixLines(blocks(node.content ?? []), '> ', '> ');
    case 'panel':
      return prefixLines(blocks(node.content ?? []), '> ', '> ');
    case 'codeBlock': {
      const code = (node.content ?? []).map((child) => child.text ?? '').join('');
      const fence = codeFence(code);
      const language = typeof node.attrs?.language === 'string' ? node.attrs.language : '';
      return `${fence}${language}\n${code}${code === '' ? '' : '\n'}${fence}`;
    }
    case 'rule':
      return '---';
    case 'table':
      return table(node);
    case 'expand':
    case 'nestedExpand': {
      const title =
        typeof node.attrs?.title === 'string' && node.attrs.title
          ? `**${escapeMarkdown(node.attrs.title, false)}**`
          : '';
      return [title, blocks(node.content ?? [])].filter(Boolean).join('\n\n');
    }
    case 'mediaSingle':
    case 'mediaGroup':
      return (node.content ?? []).map(() => '[attachment]').join(' ');
    case 'blockCard':
    case 'embedCard':
      return typeof node.attrs?.url === 'string' ? `<${node.attrs.url}>` : '';
    default:
      // An unknown block keeps its text: losing formatting beats losing words.
      return node.content ? blocks(node.content) : inline([node]);
  }
}

function listItem(item: AdfNode, marker: string): string {
  const children = item.content ?? [];
  let text = '';
  children.forEach((child, i) => {
    const rendered = child.type === 'text' || isInline(child) ? inline([child]) : block(child);
    // A list may interrupt a paragraph only when it is a bullet list or starts at 1 (CommonMark).
    const tight = isList(child) && (child.type !== 'orderedList' || Number(child.attrs?.order ?? 1) === 1);
    if (i > 0) text += tight ? '\n' : '\n\n';
    text += rendered;
  });
  return prefixLines(text, marker, ' '.repeat(marker.length));
}

function isList(node: AdfNode): boolean {
  return node.type === 'bulletList' || node.type === 'orderedList' || node.type === 'taskList';
}

function isInline(node: AdfNode): boolean {
  return ['text', 'hardBreak', 'mention', 'emoji', 'inlineCard', 'date', 'status'].includes(node.type);
}

function table(node: AdfNode): string {
  const rows = (node.content ?? []).map((row) =>
    (row.content ?? []).map((cell) =>
      (cell.content ?? [])
        .map((child) => (child.type === 'paragraph' ? inline(child.content ?? []) : block(child)))
        .join(' ')
        .replace(/\n/g, ' ')
        .replace(/\|/g, '\\|'),
    ),
  );
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((cells) => cells.length));
  const line = (cells: string[]) =>
    `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  return [line(rows[0]!), line(Array.from({ length: width }, () => '---')), ...rows.slice(1).map(line)].join(
    '\n',
  );
}

/** First line after `first`, the others after `rest` (list markers, quote markers). */
function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : line === '' && rest.trim() === '' ? '' : rest) + line)
    .map((line) => (line.trim() === '>' ? '>' : line))
    .join('\n');
}

/**
 * `*` and `_` both mean emphasis, and each fails somewhere: `*` next to `**` (`**a *b****c*`),
 * `_` inside a word. Write with `*`, read it back, and use `_` when `*` did not give the same
 * formatting.
 */
function verifiedInline(nodes: readonly AdfNode[]): string {
  const star = inline(nodes, '*');
  if (!nodes.some((node) => node.marks?.some((mark) => mark.type === 'em'))) return star;
  const wanted = formatting(nodes);
  if (formatting(markdownToAdf(star).content[0]?.content ?? []) === wanted) return star;
  const underscore = inline(nodes, '_');
  return formatting(markdownToAdf(underscore).content[0]?.content ?? []) === wanted ? underscore : star;
}

/** Each visible character with its marks: what must survive a round trip (whitespace may move). */
function formatting(nodes: readonly AdfNode[]): string {
  return nodes
    .map((node) => {
      if (node.type !== 'text') return `<${node.type}>`;
      const marks = supportedMarks(node.marks ?? [])
        .map((mark) => mark.type)
        .join('+');
      return [...(node.text ?? '')]
        .filter((c) => c.trim() !== '')
        .map((c) => `${c}/${marks}`)
        .join(' ');
    })
    .join(' ');
}

/**
 * Inline nodes with their marks. Marks stay open across nodes that share them (so `**a _b_**`
 * is not written as `**a** ***b***`), open and close in {@link MARK_ORDER}, and whitespace at a
 * mark's edge moves outside its delimiters (`** x**` would not be bold).
 */
function inline(nodes: readonly AdfNode[], em: '*' | '_' = '*'): string {
  let out = '';
  let lineStart = true;
  const open: AdfMark[] = [];

  const closeFrom = (index: number): void => {
    const trailing = index < open.length ? (/\s+$/.exec(out)?.[0] ?? '') : '';
    if (trailing) out = out.slice(0, -trailing.length);
    while (open.length > index) out += closing(open.pop()!, em);
    out += trailing;
  };

  for (const node of mergeTextRuns(nodes)) {
    const marks = node.type === 'text' ? supportedMarks(node.marks ?? []) : [];
    let keep = 0;
    while (keep < open.length && keep < marks.length && sameMark(open[keep]!, marks[keep]!)) keep++;
    closeFrom(keep);

    if (node.type === 'hardBreak') {
      out += '\n';
      lineStart = true;
      continue;
    }
    if (node.type !== 'text') {
      out += lineStart ? escapeLineStart(leaf(node)) : leaf(node);
      lineStart = false;
      continue;
    }
    let text = node.text ?? '';
    if (lineStart) text = text.replace(/^\s+/, '');
    if (marks.length > keep) {
      const leading = /^\s+/.exec(text)?.[0] ?? '';
      out += leading;
      text = text.slice(leading.length);
      if (text === '') continue;
      for (const mark of marks.slice(keep)) {
        out += opening(mark, em);
        open.push(mark);
      }
    }
    if (text === '') continue;
    out += marks.some((mark) => mark.type === 'code') ? codeSpan(text) : escapeMarkdown(text, lineStart);
    lineStart = false;
  }
  closeFrom(0);
  return out;
}

/** Adjacent text nodes with the same marks as one (two code spans side by side would not read back). */
function mergeTextRuns(nodes: readonly AdfNode[]): AdfNode[] {
  const merged: AdfNode[] = [];
  for (const node of nodes) {
    const previous = merged[merged.length - 1];
    if (
      node.type === 'text' &&
      previous?.type === 'text' &&
      JSON.stringify(supportedMarks(previous.marks ?? [])) ===
        JSON.stringify(supportedMarks(node.marks ?? []))
    ) {
      merged[merged.length - 1] = { ...previous, text: `${previous.text ?? ''}${node.text ?? ''}` };
    } else merged.push(node);
  }
  return merged;
}

/** Markdown for a non-text inline node (already escaped). */
function leaf(node: AdfNode): string {
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case 'text':
      return node.text ?? '';
    case 'mention': {
      const name = String(attrs.text ?? '').replace(/^@/, '') || String(attrs.id ?? '');
      return `[@${escapeMarkdown(name, false)}](${MENTION_SCHEME}${String(attrs.id ?? '')})`;
    }
    case 'emoji':
      return String(attrs.text ?? attrs.shortName ?? '');
    case 'inlineCard':
      return typeof attrs.url === 'string' ? `<${attrs.url}>` : '';
    case 'date': {
      const at = new Date(Number(attrs.timestamp));
      return Number.isNaN(at.getTime()) ? '' : at.toISOString().slice(0, 10);
    }
    case 'status':
      return `[${escapeMarkdown(String(attrs.text ?? ''), false)}]`.replace(/^\[\]$/, '');
    default:
      return escapeMarkdown(node.text ?? '', false);
  }
}

function supportedMarks(marks: readonly AdfMark[]): AdfMark[] {
  return marks
    .filter((mark) => MARK_ORDER.includes(mark.type))
    .sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type));
}

function sameMark(a: AdfMark, b: AdfMark): boolean {
  return a.type === b.type && JSON.stringify(a.attrs ?? {}) === JSON.stringify(b.attrs ?? {});
}

function opening(mark: AdfMark, em: string): string {
  if (mark.type === 'link') return '[';
  return delimiter(mark, em);
}

function delimiter(mark: AdfMark, em: string): string {
  return mark.type === 'strong' ? '**' : mark.type === 'em' ? em : mark.type === 'strike' ? '~~' : '';
}

function closing(mark: AdfMark, em: string): string {
  if (mark.type === 'link') {
    const href = linkDestination(String(mark.attrs?.href ?? ''));
    const title =
      typeof mark.attrs?.title === 'string' && mark.attrs.title
        ? ` "${mark.attrs.title.replace(/"/g, '\\"')}"`
        : '';
    return `](${href}${title})`;
  }
  return delimiter(mark, em);
}
