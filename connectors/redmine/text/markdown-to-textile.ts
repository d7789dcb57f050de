import type { InlineToken } from './inline-tokens';
import { parseMarkdownInline } from './markdown-inline';
import { escapeTextileLiteral } from './textile-inline';
import { BlockWriter, splitTableRow } from './block-writer';

const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const QUOTE = /^ {0,3}>[ \t]?(.*)$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const TABLE_ROW = /^[ \t]*\|.*\|[ \t]*$/;
const TABLE_SEPARATOR = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
/** What makes a Textile line a block of its own (a list, `h1.`, `bq.`, a table, a quote…). */
const TEXTILE_BLOCK_START =
  /^(?:[*#]+(?=[ \t])|(?:h[1-6]|bq|bc|pre|p|fn\d+|notextile|table|clear)(?:\([^)]*\)|\{[^}]*\}|\[[^\]]*\]|[<>=~^]+)*\.{1,2}(?=[ \t]|$)|>|\||-{3,}(?=[ \t]*$)|<pre)/;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Canonical markdown → Redmine Textile. Converted: paragraphs and line breaks, ATX headings,
 * bullet and numbered lists (nested), block quotes, fenced code (with its language), pipe tables,
 * rules, and inline strong, emphasis, strikethrough, code, links and images. Everything else is
 * kept as literal text, wrapped in `<notextile>` where Textile would mark it up. Block elements
 * get the blank line Textile needs around them.
 */
export function markdownToTextile(markdown: string): string {
  const lines = markdown.split('\n');
  const out = new BlockWriter();
  let list: { indent: number; marker: '*' | '#' }[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      const [, marker, language] = fence;
      const body: string[] = [];
      for (i += 1; i < lines.length && !closesFence(lines[i]!, marker!); i += 1) body.push(lines[i]!);
      out.block([
        language ? `<pre><code class="${language}">` : '<pre>',
        ...body,
        language ? '</code></pre>' : '</pre>',
      ]);
      continue;
    }
    if (line.trim() === '') {
      list = [];
      out.blank();
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && !RULE.test(line)) {
      list = nestList(list, indentWidth(item[1]!), /\d/.test(item[2]!) ? '#' : '*');
      out.line('text', `${list.map((level) => level.marker).join('')} ${inline(item[3]!)}`);
      continue;
    }
    if (list.length > 0 && /^[ \t]/.test(line)) {
      // A lazy continuation of the list item above: Textile continues the item on the next line.
      out.line('text', protectBlockStart(inline(line.trim())));
      continue;
    }
    list = [];
    const heading = HEADING.exec(line);
    if (heading && heading[2]) {
      out.block([`h${heading[1]!.length}. ${inline(heading[2])}`]);
      continue;
    }
    if (RULE.test(line)) {
      out.block(['---']);
      continue;
    }
    const quote = QUOTE.exec(line);
    if (quote) {
      out.line('quote', quote[1] ? `> ${inline(quote[1])}` : '>');
      continue;
    }
    if (TABLE_ROW.test(line) && TABLE_SEPARATOR.test(lines[i + 1] ?? '') && lines[i + 1]!.includes('-')) {
      const rows = [tableRow(line, '_. ')];
      for (i += 2; i < lines.length && TABLE_ROW.test(lines[i]!); i += 1) rows.push(tableRow(lines[i]!, ''));
      i -= 1;
      out.block(rows);
      continue;
    }
    out.line('text', protectBlockStart(inline(line)));
  }
  return out.text();
}

function closesFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= marker.length && trimmed === marker[0]!.repeat(trimmed.length);
}

function indentWidth(indent: string): number {
  return indent.replace(/\t/g, '    ').length;
}

/** The list levels after an item indented by `indent`: deeper than its parent, or back up to a sibling. */
function nestList(
  levels: { indent: number; marker: '*' | '#' }[],
  indent: number,
  marker: '*' | '#',
): { indent: number; marker: '*' | '#' }[] {
  const kept = [...levels];
  while (kept.length > 0 && indent < kept[kept.length - 1]!.indent) kept.pop();
  if (kept.length > 0 && indent === kept[kept.length - 1]!.indent) kept.pop();
  return [...kept, { indent, marker }];
}

function tableRow(line: string, headerPrefix: string): string {
  const cells = splitTableRow(line).map((cell) => ` ${headerPrefix}${inline(cell)} `);
  return `|${cells.map((cell) => cell.replace(/^ (_\. )/, '$1')).join('|')}|`;
}

/** A paragraph line Textile would read as a block signature gets that signature kept literal. */
function protectBlockStart(line: string): string {
  const start = TEXTILE_BLOCK_START.exec(line);
  return start ? `<notextile>${start[0]}</notextile>${line.slice(start[0].length)}` : line;
}

/** Markdown inline text → Textile. */
export function inline(markdown: string): string {
  return renderTextile(parseMarkdownInline(markdown));
}

function renderTextile(tokens: readonly InlineToken[]): string {
  let out = '';
  let literal = '';
  const flush = () => {
    out += escapeTextileLiteral(literal);
    literal = '';
  };
  tokens.forEach((token, index) => {
    if (token.kind === 'text') {
      // Escapes come as single-character tokens: join them so the run is protected as a whole.
      literal += token.text;
      return;
    }
    flush();
    const next = tokens[index + 1];
    const glued = next?.kind === 'text' && WORD_CHAR.test(next.text[0] ?? '');
    switch (token.kind) {
      case 'url':
        out += token.text;
        break;
      case 'strong':
        out += `*${renderTextile(token.children)}*`;
        break;
      case 'em':
        out += `_${renderTextile(token.children)}_`;
        break;
      case 'del':
        out += `-${renderTextile(token.children)}-`;
        break;
      case 'plain':
        out += renderTextile(token.children);
        break;
      case 'code':
        out +=
          token.text.includes('@') || glued || WORD_CHAR.test(out[out.length - 1] ?? '')
            ? `<code>${token.text}</code>`
            : `@${token.text}@`;
        break;
      case 'link': {
        const text = renderTextile(token.children);
        out +=
          glued || /[.,;:!?')]$/.test(token.href) ? `["${text}":${token.href}]` : `"${text}":${token.href}`;
        break;
      }
      case 'image':
        out += token.alt ? `!${token.src}(${token.alt})!` : `!${token.src}!`;
        break;
    }
  });
  flush();
  return out;
}
