import { nextLink, parseLinkHeader } from './link-header';

describe('parseLinkHeader', () => {
  it('reads GitHub-style headers', () => {
    const header =
      '<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last"';
    expect(parseLinkHeader(header)).toEqual([
      { target: 'https://api.github.com/repositories/1/issues?page=2', rels: ['next'] },
      { target: 'https://api.github.com/repositories/1/issues?page=5', rels: ['last'] },
    ]);
  });

  it('reads unquoted, multi-valued and parameter-rich links, with commas inside the URL', () => {
    const header = '</items?ids=1,2&page=3>; title="x"; rel=next, </items?page=9>; rel="last LAST2"';
    expect(parseLinkHeader(header)).toEqual([
      { target: '/items?ids=1,2&page=3', rels: ['next'] },
      { target: '/items?page=9', rels: ['last', 'last2'] },
    ]);
  });

  it('finds and resolves the next link', () => {
    expect(nextLink('</api/items?page=2>; rel="next"', 'https://x.test/api/items')?.href).toBe(
      'https://x.test/api/items?page=2',
    );
    expect(nextLink('</api/items?page=1>; rel="prev"', 'https://x.test/api/items')).toBeUndefined();
    expect(nextLink(undefined, 'https://x.test/')).toBeUndefined();
  });
});
