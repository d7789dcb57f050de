import { isDeepStrictEqual } from 'node:util';
import { compileExpression, DEFAULT_EXPRESSION_LIMITS } from '../compiler/jsonata-expression';
import { compileFastExpression, UNDECIDED } from './fast-expression';

const parse = (text: string) => {
  const compiled = compileExpression(text);
  if (!compiled.ok) throw new Error(`${text}: ${compiled.message}`);
  return compiled.expression;
};

/** JSONata's lists carry marks (`sequence`, `keepSingleton`), and jest's realm its own prototypes: compare plain copies. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}

const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

/** The values the contexts are made of: every type, and the list shapes JSONata treats apart. */
const VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  1,
  -2.5,
  0.1 + 0.2,
  1e21,
  '',
  'x',
  'y',
  '1',
  [],
  [1],
  ['x'],
  ['x', 'y'],
  [1, 'x', null],
  [[1]],
  [[1], [2, 3]],
  {},
  { b: 1 },
  { b: 'x', c: [1, 2] },
  { b: { c: 'deep' } },
  { b: [] },
  { b: [1] },
  { b: null },
  [{ b: 1 }, { b: 2 }],
  [{ b: 'x' }],
  [{ b: [1, 2] }, { b: 3 }],
  [{ b: { c: 1 } }, { c: 2 }],
  [{ b: [[1]] }],
  [{}, 1, 'x'],
  { x: 'one', y: 'two' },
  { x: 1 },
  [{ href: 'https://a', title: 'A' }, { href: 'https://b' }],
  [{ href: 'https://a' }],
];

/** A deterministic spread of contexts: each of a, b, c drawn from VALUES or missing. */
function contexts(count: number): Record<string, unknown>[] {
  let seed = 20261202;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = () => {
    const index = Math.floor(next() * (VALUES.length + 3));
    return index < VALUES.length ? structuredClone(VALUES[index]) : undefined;
  };
  const list: Record<string, unknown>[] = [{}];
  for (const value of VALUES) list.push({ a: structuredClone(value) }); // every value alone, at least once
  while (list.length < count) {
    const context: Record<string, unknown> = {};
    for (const key of ['a', 'b', 'c']) {
      const value = pick();
      if (value !== undefined) context[key] = value;
    }
    list.push(context);
  }
  return list;
}

/** Every construct of the subset, alone and combined, including where JSONata fails. */
const EXPRESSIONS = [
  // literals, paths, `$`
  "'text'",
  '42',
  'true',
  'null',
  'a',
  'a.b',
  'a.b.c',
  'a.`b`',
  'a.constructor',
  'a.toString',
  '$',
  // blocks mapped over items, conditions
  "a.('- ' & b)",
  'a.($exists(title) ? title : href)',
  'a.(b)',
  '(a; b)',
  '()',
  'a ? b : c',
  "a ? 'yes'",
  '$exists(a) ? a : b',
  // operators
  'a = b',
  'a != b',
  "a = 'x'",
  'a = 1',
  'a in b',
  "a in ['x', 'y']",
  'a and b',
  'a or b',
  '$not(a) or $not(b)',
  'a & b',
  "'[' & a & '] ' & b",
  'a < b',
  'a <= 1',
  "a > 'x'",
  'a >= b',
  'a + b',
  'a - 1',
  'a * b',
  'a / b',
  'a % 2',
  // lists
  '[a, b]',
  "[a, 'x', [b]]",
  '[]',
  '[[a]]',
  // functions
  '$exists(a)',
  '$exists(a.b)',
  '$not(a)',
  '$boolean(a)',
  '$string(a)',
  '$count(a)',
  '$count(a.b)',
  '$keys(a)',
  '$count($keys(a)) > 0',
  '$lookup(a, b)',
  "$lookup(a, 'b')",
  '$join(a)',
  "$join(a, ', ')",
  '$join(a, b)',
  "$join([a, b, c], '\\n\\n')",
  "$each(a, function($v, $k) { $k & '=' & $v })",
  "$join($each(a, function($v, $k) { '- `' & $k & '`: ' & $v }), '\\n')",
  '$each(a, function($v) { $v })',
  '$each(a, function($v, $k, $o) { $count($keys($o)) })',
  '$each(a, function($v) { b })',
  "$join(a.('- [' & ($exists(title) ? title : href) & '](' & href & ')'), '\\n')",
];

/** Outside the subset: JSONata alone evaluates these. */
const OUTSIDE = [
  'a[0]',
  'a.b[c = 1]',
  'a[]',
  '$x',
  '$$.a',
  '($y := 1; $y)',
  "$contains(a, 'x')",
  '-a',
  '{ "k": a }',
  'a.*',
  'a.$string()',
  '$map(a, function($v) { $v })',
  '$each(a, $string)',
  '$each(a, function($each) { $each(b, function($v) { $v }) })',
  '[1..3]',
];

describe('fast JSONata subset', () => {
  const corpus = contexts(300);

  it('compiles every expression of the subset and none outside it', () => {
    expect(EXPRESSIONS.filter((text) => !compileFastExpression(parse(text).ast()))).toEqual([]);
    expect(OUTSIDE.filter((text) => compileFastExpression(parse(text).ast()))).toEqual([]);
  });

  it('gives JSONata’s value, or leaves the case to JSONata, on every expression and context', async () => {
    const disagreements: string[] = [];
    let answered = 0; // cases JSONata answers without an error
    let decided = 0; // …of which the fast path decides
    for (const text of EXPRESSIONS) {
      const expression = parse(text);
      const fast = compileFastExpression(expression.ast())!;
      for (const context of corpus) {
        const value = fast(context);
        let reference: unknown;
        try {
          reference = plain(await expression.evaluate(context));
        } catch (error) {
          if (value !== UNDECIDED)
            disagreements.push(
              `${text} on ${show(context)}: ${show(value)}, JSONata fails: ${String((error as { message?: string }).message)}`,
            );
          continue;
        }
        answered++;
        if (value === UNDECIDED) continue;
        decided++;
        if (!isDeepStrictEqual(plain(value), reference))
          disagreements.push(`${text} on ${show(context)}: ${show(value)}, JSONata ${show(reference)}`);
      }
    }
    expect(disagreements).toEqual([]);
    // Left to JSONata: lists of lists on a path, a list compared with an object, more than the
    // sequence limit. Rare in real data, and a check that would pass with everything left to
    // JSONata is no check.
    expect(decided / answered).toBeGreaterThan(0.9);
  });

  it('decides plain data without JSONata, lists of objects included', () => {
    const run = (text: string, context: unknown) => compileFastExpression(parse(text).ast())!(context);
    const alert = {
      labels: { team: 'storage', 'app.kubernetes.io/name': 'postgres' },
      links: [{ href: 'https://grafana/d/1', title: 'Dashboard' }, { href: 'https://runbook' }],
    };
    expect(run("$join($each(labels, function($v, $k) { $k & ': ' & $v }), '; ')", alert)).toBe(
      'team: storage; app.kubernetes.io/name: postgres',
    );
    expect(run("$join(links.('[' & ($exists(title) ? title : href) & '](' & href & ')'), ' ')", alert)).toBe(
      '[Dashboard](https://grafana/d/1) [https://runbook](https://runbook)',
    );
    expect(run('links.href', alert)).toEqual(['https://grafana/d/1', 'https://runbook']);
    // A list read by the last step stays a list, even with one item; one found by mapping does not.
    expect(run('a.b', { a: { b: ['x'] } })).toEqual(['x']);
    expect(run('a.b', { a: [{ b: 'x' }] })).toBe('x');
    expect(run("'n=' & a", { a: 0.1 + 0.2 })).toBe('n=0.3');
  });

  it('leaves to JSONata what it reports as an error', async () => {
    for (const [text, context, code] of [
      ["a > 'x'", { a: 1 }, 'T2009'],
      ['a + b', { a: 1, b: 'x' }, 'T2002'],
      ["$join(a, ', ')", { a: [1, 2] }, 'T0412'],
      ['$each(a, function($v) { $v })', { a: [1] }, 'T0410'],
    ] as const) {
      expect(compileFastExpression(parse(text).ast())!(context)).toBe(UNDECIDED);
      await expect(parse(text).evaluate(context)).rejects.toMatchObject({ code });
    }
  });

  it('keeps to the configured sequence limit and leaves deep expressions to JSONata', async () => {
    const limits = { ...DEFAULT_EXPRESSION_LIMITS, maxSequence: 3 };
    const limited = compileExpression('a.b', limits);
    if (!limited.ok) throw new Error(limited.message);
    const context = { a: [{ b: 1 }, { b: 2 }, { b: 3 }, { b: 4 }] };
    expect(compileFastExpression(limited.expression.ast(), limits)!(context)).toBe(UNDECIDED);
    await expect(limited.expression.evaluate(context)).rejects.toMatchObject({ code: 'D2015' });
    expect(compileFastExpression(limited.expression.ast(), limits)!({ a: context.a.slice(0, 3) })).toEqual([
      1, 2, 3,
    ]);

    const deep = `${'('.repeat(300)}a${')'.repeat(300)}`;
    expect(compileFastExpression(parse(deep).ast())).toBeUndefined();
  });
});
