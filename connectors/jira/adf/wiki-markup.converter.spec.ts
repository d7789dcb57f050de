import { adfToMarkdown } from './adf-to-markdown.converter';
import { markdownToAdf } from './markdown-to-adf.converter';
import { wikiMarkupToMarkdown } from './wiki-markup.converter';

describe('Jira wiki markup → markdown', () => {
  it.each([
    ['h2. Impact', '## Impact'],
    [
      'Disk *full* on _db01_, {{df -h}} says -so- +much+',
      'Disk **full** on *db01*, `df -h` says ~~so~~ much',
    ],
    [
      'See [the runbook|https://wiki.example.com/disk] or [https://status.example.com]',
      'See [the runbook](https://wiki.example.com/disk) or <https://status.example.com>',
    ],
    [
      'Ping [~accountid:5b10a2844c20165700ede21g]',
      'Ping [@5b10a2844c20165700ede21g](mention:5b10a2844c20165700ede21g)',
    ],
    ['* one\n** nested\n# first\n## sub', '- one\n  - nested\n1. first\n   1. sub'],
    ['bq. quoted words', '> quoted words'],
    ['{quote}\nline one\nline two\n{quote}', '> line one\n> line two'],
    ['{code:sql}\nSELECT *\nFROM t;\n{code}', '```sql\nSELECT *\nFROM t;\n```'],
    ['{noformat}\n*raw*\n{noformat}', '```\n*raw*\n```'],
    ['||Host||Used||\n|db01|97%|', '| Host | Used |\n| --- | --- |\n| db01 | 97% |'],
    ['above\n----\nbelow', 'above\n---\nbelow'],
    ['line one\\\\line two', 'line one\nline two'],
    [
      '{color:red}red{color} text, snake_case_name, well-known, 5 * 3 = 15',
      'red text, snake_case_name, well-known, 5 \\* 3 = 15',
    ],
    ['Screenshot: !screen.png|thumbnail!', 'Screenshot: [attachment]'],
    ['Just in time for AtlasCamp!', 'Just in time for AtlasCamp!'],
  ])('%j', (wiki, markdown) => {
    expect(wikiMarkupToMarkdown(wiki)).toBe(markdown);
  });

  it('writes markdown that the ADF converter reads as intended', () => {
    const adf = markdownToAdf(
      wikiMarkupToMarkdown('h1. Outage\n* *db01* down\n* see [log|https://x.test/log]'),
    );
    expect(adf.content.map((node) => node.type)).toEqual(['heading', 'bulletList']);
    expect(adfToMarkdown(adf)).toBe('# Outage\n\n- **db01** down\n- see [log](https://x.test/log)');
  });
});
