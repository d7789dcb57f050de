import type { AdfDocument, AdfMark, AdfNode } from './adf.types';
import { adfToMarkdown } from './adf-to-markdown.converter';
import { markdownToAdf } from './markdown-to-adf.converter';

const doc = (...content: AdfNode[]): AdfDocument => ({ type: 'doc', version: 1, content });
const p = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const t = (text: string, ...marks: (string | AdfMark)[]): AdfNode => ({
  type: 'text',
  text,
  ...(marks.length ? { marks: marks.map((m) => (typeof m === 'string' ? { type: m } : m)) } : {}),
});
const link = (href: string): AdfMark => ({ type: 'link', attrs: { href } });
const br: AdfNode = { type: 'hardBreak' };
const li = (...content: AdfNode[]): AdfNode => ({ type: 'listItem', content });
const ul = (...items: AdfNode[]): AdfNode => ({ type: 'bulletList', content: items });
const ol = (order: number, ...items: AdfNode[]): AdfNode => ({
  type: 'orderedList',
  attrs: { order },
  content: items,
});
const mention = (id: string, text: string): AdfNode => ({ type: 'mention', attrs: { id, text } });

/** Canonical markdown: what adfToMarkdown writes, and what markdownToAdf reads back unchanged. */
const MARKDOWN: Record<string, string> = {
  paragraphs: 'First paragraph.\n\nSecond paragraph.',
  headings: '# Outage\n\n## Impact\n\n###### Footnote',
  emphasis: 'Disk **full** on *db01*, ~~fixed~~, run `df -h` now.',
  'nested emphasis': '**bold and *italic* inside**',
  links:
    'See [the runbook](https://wiki.example.com/runbooks/disk "Runbook") and [docs](https://example.com/a_b).',
  'code in a link': '[`kubectl`](https://kubernetes.io/docs/reference/kubectl/)',
  'bullet list': '- one\n- two\n- three',
  'nested lists': '- parent\n  - child\n    1. first\n    2. second\n- sibling',
  'ordered list from 3': '3. third\n4. fourth',
  'code block': '```sql\nSELECT * FROM disks WHERE used > 0.9;\n-- **not bold**\n```',
  'code block with fences inside': '````\n```\nnested fence\n```\n````',
  quote: '> Customer says:\n> it is **down**',
  'quote with a list': '> - a\n> - b',
  mention:
    'Assigned to [@Mia Krystof](mention:5b10a2844c20165700ede21g), FYI [@Ops](mention:557058:c9ebf848-dfac-4c49-9408-dc34bd0e2d85).',
  'hard breaks': 'line one\nline two\nline three',
  unicode: 'Ünïcödé ✓ — 日本語のチケット 🚀 مرحبا',
  rule: 'above\n\n---\n\nbelow',
  'list item with paragraphs': '- first para\n\n  second para\n- next',
  table: '| Host | Used |\n| --- | --- |\n| db01 | 97% |\n| db02 | 40\\|50% |',
};

describe('ADF ⇄ markdown', () => {
  describe.each(Object.entries(MARKDOWN))('markdown round trip: %s', (_name, markdown) => {
    it('comes back unchanged through ADF', () => {
      expect(adfToMarkdown(markdownToAdf(markdown))).toBe(markdown);
    });
  });

  it('turns markdown into the ADF Jira expects', () => {
    expect(markdownToAdf('# Title\n\n**Disk** at *97%*, see [log](https://x.test/l)\n\n- a\n  - b')).toEqual(
      doc(
        { type: 'heading', attrs: { level: 1 }, content: [t('Title')] },
        p(t('Disk', 'strong'), t(' at '), t('97%', 'em'), t(', see '), t('log', link('https://x.test/l'))),
        ul(li(p(t('a')), ul(li(p(t('b')))))),
      ),
    );
    expect(markdownToAdf('```ts\nconst a = 1;\n```')).toEqual(
      doc({ type: 'codeBlock', attrs: { language: 'ts' }, content: [t('const a = 1;')] }),
    );
    expect(markdownToAdf('Ping [@Mia](mention:abc-123)')).toEqual(
      doc(p(t('Ping '), mention('abc-123', '@Mia'))),
    );
    expect(markdownToAdf('a  \nb\\\nc\nd')).toEqual(doc(p(t('a'), br, t('b'), br, t('c'), br, t('d'))));
  });

  const ADF: Record<string, AdfDocument> = {
    'marks shared by neighbours': doc(p(t('bold ', 'strong'), t('both', 'strong', 'em'), t('italic', 'em'))),
    'code and link together': doc(p(t('see '), t('npm ci', link('https://docs.npmjs.com/cli/ci'), 'code'))),
    'code with backticks': doc(p(t('use `x` here', 'code'))),
    mentions: doc(p(mention('5b10a2844c20165700ede21g', '@Mia Krystof'), t(' please look'))),
    'hard breaks between marked text': doc(p(t('one', 'strong'), br, t('two', 'em'))),
    'nested lists': doc(
      ol(1, li(p(t('one')), ul(li(p(t('nested')), ol(5, li(p(t('deep')))))))),
      p(t('after')),
    ),
    'quote with code': doc({
      type: 'blockquote',
      content: [p(t('quoted')), { type: 'codeBlock', content: [t('x = 1')] }],
    }),
    unicode: doc(p(t('Zoë’s “quotes” — ☃ 🧪 '), t('粗体', 'strong'))),
    'text that looks like markdown': doc(
      p(t('# not a heading')),
      p(t('1. not a list')),
      p(t('- not a list either')),
      p(t('> not a quote')),
      p(t('*stars* and _underscores_ and snake_case_name and [brackets](x)')),
      p(t('&amp; stays as typed, <b>not html</b>, ~~not struck~~, `not code`, back\\slash')),
      p(t('first'), br, t('---')),
      p(t('first'), br, t('2) second')),
    ),
  };

  describe.each(Object.entries(ADF))('ADF round trip: %s', (_name, adf) => {
    it('comes back as the same ADF through markdown', () => {
      expect(markdownToAdf(adfToMarkdown(adf))).toEqual(adf);
    });
  });

  it('moves whitespace at the edge of a mark outside it (markdown cannot hold it inside)', () => {
    const adf = doc(p(t('a'), t(' b ', 'strong'), t('c'), t('d ', 'em'), t(' e', 'strike')));
    expect(adfToMarkdown(adf)).toBe('a **b** c*d*  ~~e~~');
    expect(markdownToAdf(adfToMarkdown(adf))).toEqual(
      doc(p(t('a '), t('b', 'strong'), t(' c'), t('d', 'em'), t('  '), t('e', 'strike'))),
    );
  });

  it('keeps the words of nodes markdown cannot express', () => {
    const adf: AdfNode = doc(
      { type: 'panel', attrs: { panelType: 'info' }, content: [p(t('Maintenance tonight'))] },
      p({ type: 'emoji', attrs: { shortName: ':fire:', text: '🔥' } }, t(' '), {
        type: 'status',
        attrs: { text: 'BLOCKED' },
      }),
      p({ type: 'inlineCard', attrs: { url: 'https://status.example.com' } }, t(' on '), {
        type: 'date',
        attrs: { timestamp: '1767225600000' },
      }),
      { type: 'mediaSingle', content: [{ type: 'media', attrs: { id: 'x', type: 'file' } }] },
      { type: 'expand', attrs: { title: 'Logs' }, content: [p(t('trace'))] },
      p(t('underlined', 'underline'), t(' coloured', { type: 'textColor', attrs: { color: '#ff0000' } })),
    );
    expect(adfToMarkdown(adf)).toBe(
      '> Maintenance tonight\n\n🔥 [BLOCKED]\n\n<https://status.example.com> on 2026-01-01\n\n[attachment]\n\n**Logs**\n\ntrace\n\nunderlined coloured',
    );
  });

  it('writes nothing for an empty document and reads nothing from empty markdown', () => {
    expect(adfToMarkdown(doc())).toBe('');
    expect(markdownToAdf('')).toEqual(doc());
  });

  it('never lets raw HTML through as markup', () => {
    expect(markdownToAdf('<script>alert(1)</script>')).toEqual(doc(p(t('<script>alert(1)</script>'))));
  });
});
