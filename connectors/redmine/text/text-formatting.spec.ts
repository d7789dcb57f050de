import { markdownToTextile } from './markdown-to-textile';
import { fromRedmineText, toRedmineText } from './text-formatting';
import { textileToMarkdown } from './textile-to-markdown';

// Markdown in the form the converters write (blocks separated by blank lines, `-` bullets,
// `_em_`, `| --- |` separators), with the Textile Redmine gets for it. Each pair converts both
// ways. The Textile was checked against Redmine 5.0's renderer (test/connectors/redmine).
const PAIRS: readonly [string, string, string][] = [
  ['plain text', 'Disk / on db01 is 97% full', 'Disk / on db01 is 97% full'],
  ['unicode', 'Störung ✓ 日本語 — naïve café 🚀', 'Störung ✓ 日本語 — naïve café 🚀'],
  ['line breaks and paragraphs', 'one\ntwo\n\nthree', 'one\ntwo\n\nthree'],
  ['strong, emphasis, strikethrough', '**bold**, _it_ and ~~gone~~.', '*bold*, _it_ and -gone-.'],
  ['inline code', 'run `df -h` now', 'run @df -h@ now'],
  ['code with an at sign', 'mail `root@db01`', 'mail <code>root@db01</code>'],
  [
    'link',
    'see [the runbook](https://runbooks.example.com/disk?x=1).',
    'see "the runbook":https://runbooks.example.com/disk?x=1.',
  ],
  ['link glued to a word', '[a](http://x.org)b', '["a":http://x.org]b'],
  ['image', '![graph](https://x.org/g.png)', '!https://x.org/g.png(graph)!'],
  ['bare URL with underscores', 'http://x.org/a_b_/c*d* ok', 'http://x.org/a_b_/c*d* ok'],
  ['e-mail address', 'mail ops_team@example.org', 'mail ops_team@example.org'],
  ['headings', '# One\n\n## Two', 'h1. One\n\nh2. Two'],
  ['bullets, nested', '- a\n  - b\n- c', '* a\n** b\n* c'],
  ['numbered with bullets inside', '1. a\n2. b\n   - c', '# a\n# b\n#* c'],
  ['list after a paragraph line', 'Steps:\n- one\n- two', 'Steps:\n* one\n* two'],
  ['list item continued', '- a\n  more\n- b', '* a\nmore\n* b'],
  ['quote', '> quoted\n> more', '> quoted\n> more'],
  [
    'fenced code with language',
    '```ruby\ndef x; 1 < 2; end\n```',
    '<pre><code class="ruby">\ndef x; 1 < 2; end\n</code></pre>',
  ],
  ['fenced code', '```\n*not bold*\n```', '<pre>\n*not bold*\n</pre>'],
  ['table', '| a | b |\n| --- | --- |\n| 1 | 2 |', '|_. a |_. b |\n| 1 | 2 |'],
  ['rule', 'a\n\n---\n\nb', 'a\n\n---\n\nb'],
  [
    'words with markup characters stay literal',
    'snake_case 2*3*4 well-known C++ x^2^ 50% a+b',
    'snake_case 2*3*4 well-known C++ x^2^ 50% a+b',
  ],
  [
    'textile markup in literal text',
    'a -b- c and @d@ and +e+',
    'a <notextile>-b-</notextile> c and <notextile>@d@</notextile> and <notextile>+e+</notextile>',
  ],
  ['escaped markdown', '\\*not em* and # x', '<notextile>*not em*</notextile> and # x'],
  ['escaped line start', '\\- not a list', '- not a list'],
  ['textile signature in literal text', 'h2. or not', '<notextile>h2.</notextile> or not'],
  ['backslashes', 'C:\\temp\\\\*.log', 'C:\\temp\\*.log'],
  ['html-like text', 'use \\<br> here', 'use <br> here'],
];

describe('markdown ⇄ Redmine Textile', () => {
  it.each(PAIRS)('%s: markdown → Textile', (_name, markdown, textile) => {
    expect(markdownToTextile(markdown)).toBe(textile);
  });

  it.each(PAIRS)('%s: Textile → markdown', (_name, markdown, textile) => {
    expect(textileToMarkdown(textile)).toBe(markdown);
  });

  it('puts blank lines around headings and code blocks, which Textile only reads at a block start', () => {
    expect(markdownToTextile('Intro\n# Title\nText\n```\ncode\n```\nafter')).toBe(
      'Intro\n\nh1. Title\n\nText\n\n<pre>\ncode\n</pre>\n\nafter',
    );
  });

  it('reads what people write in Redmine: bold, italics, block signatures, bc. and bq.', () => {
    const textile = [
      'h3(#anchor). Impact',
      '',
      'p. **Bold** and __italic__, +inserted+ and %{color:red}red%.',
      '',
      'bq. A quote',
      'on two lines',
      '',
      'bc. code --here',
      '',
      'text',
      'h2. not a heading inside a paragraph',
    ].join('\n');
    expect(textileToMarkdown(textile)).toBe(
      [
        '### Impact',
        '',
        '**Bold** and _italic_, inserted and red.',
        '',
        '> A quote',
        '> on two lines',
        '',
        '```',
        'code --here',
        '```',
        '',
        'text',
        'h2. not a heading inside a paragraph',
      ].join('\n'),
    );
  });

  it('escapes what markdown would read in literal Textile', () => {
    expect(textileToMarkdown('- dash\n1. one\n*not*strong and [x](y) and `tick`')).toBe(
      '\\- dash\n1\\. one\n*not*strong and \\[x](y) and \\`tick`',
    );
  });

  it('keeps a 64 KB description through a round trip, fast', () => {
    const paragraph = 'Lörem ipsum _dolor_ sit **amet**, `x_y` snake_case 2*3 → ✓ 日本語.\n';
    const markdown = paragraph.repeat(Math.ceil(65_536 / paragraph.length));
    const started = Date.now();
    expect(textileToMarkdown(markdownToTextile(markdown))).toBe(markdown);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('converts only for Textile; the markdown formats and plain text take markdown as it is', () => {
    expect(toRedmineText('**a**\r\nb', 'textile')).toBe('*a*\nb');
    expect(toRedmineText('**a**\r\nb', 'common_mark')).toBe('**a**\nb');
    expect(fromRedmineText('*a*\r\nb', 'textile')).toBe('**a**\nb');
    expect(fromRedmineText('*a*\r\nb', 'markdown')).toBe('*a*\nb');
    expect(fromRedmineText('x', 'none')).toBe('x');
  });
});
