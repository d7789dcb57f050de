import { assertSafePath, formatPath, parsePath, rulePath } from './field-path';

describe('field paths', () => {
  it.each([
    ['data.title', ['data', 'title']],
    ['data.resource.host', ['data', 'resource', 'host']],
    ['data.links[0].href', ['data', 'links', 0, 'href']],
    ['data.labels["app.kubernetes.io/name"]', ['data', 'labels', 'app.kubernetes.io/name']],
    ['[2].x', [2, 'x']],
    ['customFields["jira.customfield_10010"]', ['customFields', 'jira.customfield_10010']],
    ['data.labels["with \\"quotes\\""]', ['data', 'labels', 'with "quotes"']],
  ])('parses %s', (text, segments) => {
    expect(parsePath(text)).toEqual({ ok: true, segments });
    expect(formatPath(segments)).toBe(text);
  });

  it.each([
    ['', /non-empty/],
    ['data..title', /expected a field name/],
    ['data.', /expected a field name at "the end"/],
    ['data[x]', /expected \[n\] or \["name"\]/],
    ['data["open', /unterminated/],
    ['data[""]', /must not be empty/],
    ['data title', /expected "." or "\["/],
    ['data.items[1000001]', /larger than 100000/],
  ])('refuses %s', (text, message) => {
    const parsed = parsePath(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(message);
  });

  it('refuses paths longer than 512 characters or 32 segments', () => {
    expect(parsePath('a'.repeat(600))).toEqual({ ok: false, message: 'is longer than 512 characters' });
    expect(parsePath(Array.from({ length: 40 }, () => 'a').join('.'))).toEqual({
      ok: false,
      message: 'has more than 32 segments',
    });
  });

  it.each([
    '__proto__',
    'data.__proto__.polluted',
    'constructor.prototype',
    'data.constructor',
    'data["__proto__"]',
    'data.toString',
    'data.hasOwnProperty',
    'x.prototype',
  ])('refuses %s, which reaches the prototype chain', (text) => {
    const parsed = parsePath(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/__proto__, prototype, constructor/);
  });

  it('names rules by their target path, quoting odd ones', () => {
    expect(rulePath('priority', 'map')).toBe('fields.priority.map');
    expect(rulePath('alertRefs[0].dedupKey')).toBe('fields.alertRefs[0].dedupKey');
    expect(rulePath('customFields["redmine.7"]', 'from')).toBe(
      'fields["customFields[\\"redmine.7\\"]"].from',
    );
  });

  it('lets compilers re-check segments that skipped validation', () => {
    expect(() => assertSafePath(['data', 0])).not.toThrow();
    expect(() => assertSafePath(['__proto__'])).toThrow(/refusing/);
    expect(() => assertSafePath([-1])).toThrow(/refusing/);
    expect(() => assertSafePath([1.5])).toThrow(/refusing/);
  });
});
