import MarkdownIt from 'markdown-it';
import type { AdfDocument, AdfMark, AdfNode } from './adf.types';
import { MENTION_SCHEME } from './adf.types';

// Markdown → ADF. markdown-it does the parsing (CommonMark + GFM tables and strikethrough), so
// every corner of the syntax is read the way other tools read it; this file only maps its tokens
// to ADF nodes. Raw HTML is off: it becomes text, never markup in Jira.

type Token = MarkdownIt.Token;

const parser = new MarkdownIt('default', { html: false, linkify: false, typographer: false });

/** The order marks are written in, so equal formatting always gives equal ADF. */
export const MARK_ORDER: readonly string[] = ['link', 'strong', 'em', 'strike', 'code'];

const BLOCKS: Readonly<Record<string, (token: Token) => AdfNode>> = {
  paragraph_open: () => ({ type: 'paragraph', content: [] }),
  heading_open: (token) => ({ type: 'heading', attrs: { level: Number(token.tag.slice(1)) }, content: [] }),
  bullet_list_open: () => ({ type: 'bulletList', content: [] }),
  ordered_list_open: (token) => ({
    type: 'orderedList',
    attrs: { order: Number(attr(token, 'start') || 1) },
    content: [],
  }),
  list_item_open: () => ({ type: 'listItem', content: [] }),
  blockquote_open: () => ({ type: 'blockquote', content: [] }),
  table_open: () => ({ type: 'table', content: [] }),
  tr_open: () => ({ type: 'tableRow', content: [] }),
  th_open: () => ({ type: 'tableHeader', content: [] }),
  td_open: () => ({ type: 'tableCell', content: [] }),
};

/** Converts canonical markdown to an ADF document Jira accepts in descriptions and comments. */
export function markdownToAdf(markdown: string): AdfDocument {
  const doc: AdfDocument = { type: 'doc', version: 1, content: [] };
  const stack: AdfNode[] = [doc];
  const top = (): AdfNode => stack[stack.length - 1]!;
  const append = (node: AdfNode): void => void top().content!.push(node);

  for (const token of parser.parse(markdown, {})) {
    const open = BLOCKS[token.type];
    if (open) {
      const node = open(token);
      append(node);
      stack.push(node);
      // ADF table cells hold blocks: markdown cells hold inline text only.
      if (node.type === 'tableHeader' || node.type === 'tableCell') {
        const paragraph: AdfNode = { type: 'paragraph', content: [] };
        node.content!.push(paragraph);
        stack.push(paragraph);
      }
      continue;
    }
    switch (token.type) {
      case 'th_close':
      case 'td_close':
        stack.pop();
        stack.pop();
        break;
      case 'inline':
        top().content!.push(...inlineNodes(token.children ?? []));
        break;
      case 'fence':
      case 'code_block':
        append(codeBlock(token));
        break;
      case 'hr':
        append({ type: 'rule' });
        break;
      default:
        if (token.nesting === -1 && !token.type.startsWith('thead') && !token.type.startsWith('tbody'))
          stack.pop();
    }
  }
  return doc;
}

function codeBlock(token: Token): AdfNode {
  const language = token.info.trim().split(/\s+/)[0];
  const text = token.content.replace(/\n$/, '');
  return {
    type: 'codeBlock',
    ...(language ? { attrs: { language } } : {}),
    ...(text ? { content: [{ type: 'text', text }] } : {}),
  };
}

/** Inline tokens → text nodes with marks, hard breaks and mentions; adjacent equal runs merged. */
function inlineNodes(tokens: readonly Token[]): AdfNode[] {
  const nodes: AdfNode[] = [];
  const marks: AdfMark[] = [];
  let mention: { id: string; text: string } | undefined;

  const pushText = (text: string, extra: AdfMark[] = []): void => {
    if (text === '') return;
    if (mention) {
      mention.text += text;
      return;
    }
    const all = [...marks, ...extra];
    // ADF allows `code` together with `link` only.
    const applied = all.some((m) => m.type === 'code')
      ? all.filter((m) => m.type === 'code' || m.type === 'link')
      : all;
    const sorted = [...applied].sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type));
    const previous = nodes[nodes.length - 1];
    if (previous?.type === 'text' && sameMarks(previous.marks ?? [], sorted)) {
      previous.text += text;
      return;
    }
    nodes.push({ type: 'text', text, ...(sorted.length > 0 ? { marks: sorted } : {}) });
  };

  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'html_inline':
        pushText(token.content);
        break;
      case 'code_inline':
        pushText(token.content, [{ type: 'code' }]);
        break;
      case 'softbreak':
      case 'hardbreak':
        // A line break typed in a ticket is a line break: Jira shows soft breaks as spaces.
        nodes.push({ type: 'hardBreak' });
        break;
      case 'strong_open':
      case 'em_open':
      case 's_open':
        marks.push({ type: token.type === 's_open' ? 'strike' : token.type.replace('_open', '') });
        break;
      case 'strong_close':
      case 'em_close':
      case 's_close':
        marks.pop();
        break;
      case 'link_open': {
        const href = attr(token, 'href');
        if (href.startsWith(MENTION_SCHEME)) {
          mention = { id: safeDecode(href.slice(MENTION_SCHEME.length)), text: '' };
          break;
        }
        const title = attr(token, 'title');
        marks.push({ type: 'link', attrs: { href, ...(title ? { title } : {}) } });
        break;
      }
      case 'link_close':
        if (mention) {
          nodes.push({ type: 'mention', attrs: { id: mention.id, text: mention.text } });
          mention = undefined;
        } else marks.pop();
        break;
      case 'image':
        // ADF embeds only uploaded media: an external image becomes a link to it.
        pushText(token.content || attr(token, 'src'), [
          { type: 'link', attrs: { href: attr(token, 'src') } },
        ]);
        break;
    }
  }
  return nodes;
}

function sameMarks(a: readonly AdfMark[], b: readonly AdfMark[]): boolean {
  return a.length === b.length && a.every((mark, i) => JSON.stringify(mark) === JSON.stringify(b[i]));
}

function attr(token: Token, name: string): string {
  const value = token.attrGet(name);
  return value === null ? '' : String(value);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
