import { BlockWriter, splitTableRow } from './block-writer';
import type { InlineToken } from './inline-tokens';
import { escapeMarkdownLiteral } from './markdown-inline';
import { parseTextileInline } from './textile-inline';

const PRE_OPEN = /^[ \t]*<pre>(?:<code(?:\s+class="([^"]*)")?>)?[ \t]*$/;
const PRE_CLOSE = /^[ \t]*(?:<\/code>)?<\/pre>[ \t]*$/;
const PRE_ONE_LINE = /^[ \t]*<pre>(?:<code(?:\s+class="([^"]*)")?>)?(.*?)(?:<\/code>)?<\/pre>[ \t]*$/;
/** `h2. `, `bq(class). `, `p>. `: a block signature with optional attributes, at a block start. */
const SIGNATURE = /^(h[1-6]|bq|bc|p)(?:\([^)]*\)|\{[^}]*\}|\[[^\]]*\]|[<>=~^]+)*\.[ \t]+(.*)$/;
const LIST_ITEM = /^([*#]+)[ \t]+(.*)$/;
const QUOTE = /^>[ \t]?(.*)$/;
const RULE = /^-{3,}[ \t]*$/;
const TABLE_ROW = /^\|.*\|[ \t]*$/;
const HEADER_CELL = /^_\.[ \t]*/;
/** What would start a markdown block if a literal Textile line began with it (the part to escape). */
const MARKDOWN_BLOCK_START =
  /^(#{1,6}(?=[ \t]|$)|[-*+](?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$))|`{3,}|~{3,}|=+(?=[ \t]*$)|-+(?=[ \t]*$))/;
const CODE_LANGUAGE = /^[\w+#.-]+$/;

interface ListLevel {
  marker: '*' | '#';
  count: number;
}

/**
 * Redmine Textile → canonical markdown, the inverse of `markdownToTextile`: markdown converted
 * there and back comes back as it was. Textile that markdown cannot say keeps its text
 * (`+inserted+`, `^sup^`, `%{color:red}spans%`, block attributes); `<notextile>` content becomes
 * escaped literal text.
 */
export function textileToMarkdown(textile: string): string {
  const lines = textile.split('\n');
  const out = new BlockWriter();
  let list: ListLevel[] = [];
  let blockStart = true;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.trim() === '') {
      list = [];
      blockStart = true;
      out.blank();
      continue;
    }
    const atStart = blockStart;
    blockStart = false;

    const oneLine = PRE_ONE_LINE.exec(line);
    const pre = oneLine ? undefined : PRE_OPEN.exec(line);
    if (oneLine || pre) {
      const body: string[] = oneLine ? [oneLine[2]!] : [];
      if (pre) for (i += 1; i < lines.length && !PRE_CLOSE.test(lines[i]!); i += 1) body.push(lines[i]!);
      out.block(fenced(body, (oneLine ?? pre)![1]));
      list = [];
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      list = nestList(list, item[1]!);
      out.line('text', `${listPrefix(list)}${inline(item[2]!)}`);
      continue;
    }
    if (list.length > 0) {
      // Textile continues a list item on the next line; markdown needs it under the item's text.
      out.line('text', `${' '.repeat(listPrefix(list).length)}${protectBlockStart(inline(line.trim()))}`);
      continue;
    }
    const signature = atStart ? SIGNATURE.exec(line) : null;
    if (signature) {
      // A signature's block runs to the next blank line.
      const block = [signature[2]!];
      while (i + 1 < lines.length && lines[i + 1]!.trim() !== '') block.push(lines[++i]!);
      blockStart = false;
      writeSignatureBlock(out, signature[1]!, block);
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
    if (TABLE_ROW.test(line)) {
      const rows = [line];
      while (i + 1 < lines.length && TABLE_ROW.test(lines[i + 1]!)) rows.push(lines[++i]!);
      out.block(table(rows));
      continue;
    }
    out.line('text', protectBlockStart(inline(line)));
  }
  return out.text();
}

function writeSignatureBlock(out: BlockWriter, signature: string, block: string[]): void {
  if (signature === 'bc') out.block(fenced(block, undefined));
  else if (signature === 'bq') for (const line of block) out.line('quote', `> ${inline(line)}`);
  else if (signature === 'p') for (const line of block) out.line('text', protectBlockStart(inline(line)));
  // A heading is one line in markdown: the lines of a Textile heading block join.
  else out.block([`${'#'.repeat(Number(signature[1]))} ${inline(block.join(' '))}`]);
}

/** A fenced code block, its fence longer than any backtick run at a line start inside. */
function fenced(body: readonly string[], classes: string | undefined): string[] {
  const language = classes?.split(/\s+/).find((name) => CODE_LANGUAGE.test(name) && name !== 'syntaxhl');
  const longest = Math.max(2, ...body.map((line) => /^[ \t]*(`*)/.exec(line)![1]!.length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${language ?? ''}`, ...body, fence];
}

function nestList(levels: ListLevel[], markers: string): ListLevel[] {
  const next: ListLevel[] = [];
  for (let depth = 0; depth < markers.length; depth += 1) {
    const marker = markers[depth] as '*' | '#';
    const existing = levels[depth];
    const last = depth === markers.length - 1;
    if (existing && existing.marker === marker)
      next.push(last ? { marker, count: existing.count + 1 } : existing);
    else next.push({ marker, count: 1 });
  }
  return next;
}

/** `- `, `1. `, or nested under its parents' text: `   - `. */
function listPrefix(levels: readonly ListLevel[]): string {
  const markers = levels.map((level) => (level.marker === '#' ? `${level.count}. ` : '- '));
  const own = markers.pop() ?? '';
  return `${' '.repeat(markers.join('').length)}${own}`;
}

function table(rows: readonly string[]): string[] {
  const [first, ...rest] = rows.map(splitTableRow);
  const header = first!.length > 0 && first!.every((cell) => HEADER_CELL.test(cell));
  const row = (cells: string[]) =>
    `| ${cells.map((cell) => inline(cell.replace(HEADER_CELL, ''))).join(' | ')} |`;
  if (!header) return rows.map((line) => protectBlockStart(inline(line.trim())));
  return [row(first!), `| ${first!.map(() => '---').join(' | ')} |`, ...rest.map(row)];
}

/** A literal line that markdown would read as a block start gets a backslash where it would. */
function protectBlockStart(line: string): string {
  const start = MARKDOWN_BLOCK_START.exec(line);
  if (!start) return line;
  const at = /^\d/.test(start[0]) ? start[0].length : 0;
  return `${line.slice(0, at)}\\${line.slice(at)}`;
}

/** Textile inline text → markdown. */
export function inline(textile: string): string {
  return renderMarkdown(parseTextileInline(textile));
}

function renderMarkdown(tokens: readonly InlineToken[]): string {
  let out = '';
  let literal = '';
  const flush = () => {
    out += escapeMarkdownLiteral(literal);
    literal = '';
  };
  for (const token of tokens) {
    if (token.kind === 'text') {
      literal += token.text;
      continue;
    }
    flush();
    switch (token.kind) {
      case 'url':
        out += token.text;
        break;
      case 'strong':
        out += `**${renderMarkdown(token.children)}**`;
        break;
      case 'em':
        out += `_${renderMarkdown(token.children)}_`;
        break;
      case 'del':
        out += `~~${renderMarkdown(token.children)}~~`;
        break;
      case 'plain':
        out += renderMarkdown(token.children);
        break;
      case 'code':
        out += codeSpan(token.text);
        break;
      case 'link':
        out += `[${renderMarkdown(token.children)}](${token.href})`;
        break;
      case 'image':
        out += `![${token.alt}](${token.src})`;
        break;
    }
  }
  flush();
  return out;
}

function codeSpan(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${code}${pad}${fence}`;
}
