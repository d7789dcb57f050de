import { MENTION_SCHEME } from './adf.types';
import { codeFence, codeSpan, escapeMarkdown, linkDestination } from './markdown-escape';

// Jira wiki markup → markdown, one way. Webhook payloads carry issue fields in the REST v2 shape,
// where descriptions and comment bodies are wiki markup strings, not ADF; this reads the common
// subset (headings, emphasis, monospace, links, mentions, lists, quotes, code, tables, rules).
// Anything else stays as text. The nativeBody/nativeDescription keep the original.

const BLOCK_CODE = /\{(code|noformat)(?::([^}]*))?\}([\s\S]*?)\{\1\}/g;
const PLACEHOLDER = /^\uE000(\d+)\uE000$/;

/** Converts Jira wiki markup to canonical markdown (best effort, see the module comment). */
export function wikiMarkupToMarkdown(wiki: string): string {
  const codeBlocks: string[] = [];
  const text = wiki
    .replace(/\r\n?/g, '\n')
    .replace(BLOCK_CODE, (_all, _kind: string, options = '', body: string) => {
      const language =
        /^(?:language=)?([A-Za-z0-9_+#-]+)$/.exec(options.split('|')[0]?.trim() ?? '')?.[1] ?? '';
      const code = body.replace(/^\n/, '').replace(/\n$/, '');
      const fence = codeFence(code);
      codeBlocks.push(`${fence}${language}\n${code}${code ? '\n' : ''}${fence}`);
      return `\n\uE000${codeBlocks.length - 1}\uE000\n`;
    });

  const out: string[] = [];
  let quoting = false;
  let tableHeaderDone = false;
  for (const rawLine of text.split('\n')) {
    let line = rawLine;
    const quoteToggles = line.match(/\{quote\}/g)?.length ?? 0;
    line = line.replace(/\{quote\}/g, '').trimEnd();
    const quotePrefix = quoting || quoteToggles > 0 ? '> ' : '';
    if (quoteToggles % 2 === 1) quoting = !quoting;
    if (line.trim() === '' && quoteToggles > 0) continue;
    out.push(
      quotePrefix +
        block(line.trim(), () => {
          const first = !tableHeaderDone;
          tableHeaderDone = true;
          return first;
        }),
    );
    if (!/^\|/.test(line.trim())) tableHeaderDone = false;
  }
  return out
    .join('\n')
    .replace(/\uE000(\d+)\uE000/g, (_all, i: string) => codeBlocks[Number(i)] ?? '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function block(line: string, firstTableRow: () => boolean): string {
  if (line === '' || PLACEHOLDER.test(line)) return line;
  const heading = /^h([1-6])\.\s+(.*)$/.exec(line);
  if (heading) return `${'#'.repeat(Number(heading[1]))} ${inline(heading[2]!, false)}`;
  const quote = /^bq\.\s+(.*)$/.exec(line);
  if (quote) return `> ${inline(quote[1]!, false)}`;
  if (/^-{4,}$/.test(line)) return '---';
  const list = /^([*#]+|-)\s+(.*)$/.exec(line);
  if (list) {
    const markers = list[1]!;
    const indent = [...markers.slice(0, -1)].map((m) => (m === '#' ? '   ' : '  ')).join('');
    return `${indent}${markers.endsWith('#') ? '1. ' : '- '}${inline(list[2]!, false)}`;
  }
  if (line.startsWith('|')) {
    const cells = line
      .replace(/^\|\|?|\|\|?$/g, '')
      .split(/\|\|?/)
      .map((cell) => inline(cell.trim(), false).replace(/\|/g, '\\|'));
    const row = `| ${cells.join(' | ')} |`;
    // Markdown tables need a header row: the first row is one, whether Jira marked it (||) or not.
    return firstTableRow() ? `${row}\n| ${cells.map(() => '---').join(' | ')} |` : row;
  }
  return inline(line, true);
}

const INLINE = new RegExp(
  [
    /\\\\/.source, // forced line break (before escapes: it is two backslashes)
    /\\([\\*_{}[\]!|+^~?-])/.source, // 1: escaped character
    /\{\{(.+?)\}\}/.source, // 2: monospace
    /\[~(?:accountid:)?([^\]]+)\]/.source, // 3: mention
    /\[([^\]|]*)\|([^\]|]+)(?:\|[^\]]*)?\]/.source, // 4, 5: link with text
    /\[((?:https?|mailto|ftp):[^\]\s]+)\]/.source, // 6: bare link
    /!([^!\s|]+)(?:\|[^!]*)?!/.source, // 7: image or attachment
    /\{color(?::[^}]*)?\}/.source, // colour on/off: dropped
    String.raw`(?<![\p{L}\p{N}])([*_\-+^~])(\S(?:.*?\S)?)\8(?![\p{L}\p{N}])`, // 8, 9: emphasis and friends
  ].join('|'),
  'gu',
);

function inline(text: string, lineStart: boolean): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const at = match.index;
    out += escapeMarkdown(text.slice(last, at), lineStart && last === 0);
    last = at + match[0].length;
    out += inlineConstruct(match);
  }
  out += escapeMarkdown(text.slice(last), lineStart && last === 0);
  return out;
}

function inlineConstruct(match: RegExpMatchArray): string {
  const [whole, escaped, mono, mention, linkText, linkUrl, bareUrl, image, marker, inner] = match;
  if (escaped !== undefined) return escapeMarkdown(escaped, false);
  if (mono !== undefined) return codeSpan(mono);
  if (mention !== undefined) return `[@${escapeMarkdown(mention, false)}](${MENTION_SCHEME}${mention})`;
  if (linkUrl !== undefined) return `[${inline(linkText || linkUrl, false)}](${linkDestination(linkUrl)})`;
  if (bareUrl !== undefined) return `<${bareUrl}>`;
  if (image !== undefined)
    return /^https?:/.test(image) ? `[image](${linkDestination(image)})` : '[attachment]';
  if (whole === '\\\\') return '\n';
  if (marker !== undefined && inner !== undefined) {
    const content = inline(inner, false);
    if (marker === '*') return `**${content}**`;
    if (marker === '_') return `*${content}*`;
    if (marker === '-') return `~~${content}~~`;
    return content; // inserted, superscript, subscript: markdown has no such marks
  }
  return ''; // {color}
}
