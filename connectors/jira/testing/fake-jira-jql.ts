// The JQL the fake Jira understands: the clauses the connector writes (and simple ones a spec
// passes as the tool's own query). Anything else is answered as Jira answers bad JQL: 400.

export interface JqlIssueView {
  key: string;
  id: number;
  project: string;
  labels: readonly string[];
  statusCategoryId: number;
  /** Epoch ms. */
  updated: number;
  properties: Readonly<Record<string, unknown>>;
}

export type JqlFilter =
  | { ok: true; matches: (issue: JqlIssueView) => boolean; order: 'created' | 'updated' }
  | { ok: false; error: string };

const unquote = (value: string) =>
  value
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .replace(/\\(.)/g, '$1');

const CLAUSES: readonly [RegExp, (m: RegExpExecArray) => (issue: JqlIssueView) => boolean][] = [
  [/^labels\s*=\s*(".*"|\S+)$/i, (m) => (issue) => issue.labels.includes(unquote(m[1]!))],
  [/^project\s*=\s*(".*"|\S+)$/i, (m) => (issue) => issue.project === unquote(m[1]!)],
  [/^key\s*=\s*(".*"|\S+)$/i, (m) => (issue) => issue.key === unquote(m[1]!)],
  [
    /^issue\.property\[([^\]]+)\]\.marker\s*=\s*(".*")$/i,
    (m) => (issue) =>
      (issue.properties[m[1]!] as { marker?: unknown } | undefined)?.marker === unquote(m[2]!),
  ],
  [
    /^statusCategory\s+in\s*\(([\d,\s]+)\)$/i,
    (m) => (issue) => m[1]!.split(',').map(Number).includes(issue.statusCategoryId),
  ],
  [
    /^updated\s*>=\s*"(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})"$/i,
    (m) => {
      const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
      return (issue) => issue.updated >= at;
    },
  ],
];

/** Parses `(a) AND (b) … ORDER BY …` into a filter over issues (times read as UTC, the fake user's zone). */
export function parseJql(jql: string): JqlFilter {
  const order = /\s*ORDER\s+BY\s+(.*)$/i.exec(jql);
  const where = order ? jql.slice(0, order.index) : jql;
  if (where.trim() === '')
    return {
      ok: false,
      error: 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    };
  const tests: ((issue: JqlIssueView) => boolean)[] = [];
  for (const part of where.split(/\s+AND\s+/i)) {
    const clause = stripParentheses(part.trim());
    const known = CLAUSES.map(([pattern, build]) => {
      const match = pattern.exec(clause);
      return match ? build(match) : undefined;
    }).find(Boolean);
    if (!known)
      return { ok: false, error: `Error in the JQL Query: the fake does not understand '${clause}'.` };
    tests.push(known);
  }
  return {
    ok: true,
    matches: (issue) => tests.every((test) => test(issue)),
    order: order && /^updated/i.test(order[1]!) ? 'updated' : 'created',
  };
}

/** `((a))` → `a`, but `(a) (b)` and `x in (1, 2)` stay as they are. */
function stripParentheses(clause: string): string {
  let text = clause;
  while (text.startsWith('(') && text.endsWith(')')) {
    const inner = text.slice(1, -1);
    let depth = 0;
    for (const c of inner) {
      depth += c === '(' ? 1 : c === ')' ? -1 : 0;
      if (depth < 0) return text.trim();
    }
    text = inner.trim();
  }
  return text;
}
