import { compileExpression, compileFastExpression, UNDECIDED } from '@switchboard/mapping';
import { EventType } from '@switchboard/events';
import { holds } from './condition';

const fastOf = (text: string) => {
  const compiled = compileExpression(text);
  if (!compiled.ok) throw new Error(compiled.message);
  return compileFastExpression(compiled.expression.ast());
};

/** What JSONata alone says: its own `$boolean` of the condition, nothing counting as false. */
async function jsonataHolds(text: string, context: unknown): Promise<boolean> {
  const compiled = compileExpression(`$boolean(${text})`);
  if (!compiled.ok) throw new Error(compiled.message);
  return (await compiled.expression.evaluate(context)) === true;
}

const FIRING = `event.type = '${EventType.AlertTriggered}'`;
const RESOLVED = `event.type = '${EventType.AlertResolved}'`;

/** The conditions of the alert-to-ticket template, and the edges of the subset. */
const CONDITIONS = [
  FIRING,
  RESOLVED,
  `${RESOLVED} and $exists(incident.ticket)`,
  `${FIRING} and $not(event.data.severity in config.severities)`,
  `${FIRING} and $exists(incident.previousTicket)`,
  "decision = 'create' and $exists(event.data.labels.`team name`)",
  "decision = 'create'",
  "decision != 'create'",
  'a = 1',
  "a = '1'",
  'a != 1',
  'a = b',
  'a = true',
  'a = null',
  'a',
  'a.b.c',
  '$exists(a)',
  '$exists(a.b)',
  '$not(a)',
  '$not(a.b)',
  'a or b',
  'a and b',
  '$not(a) or $not(b)',
  'a in b',
  "a in ['x', 'y']",
  'a in 1',
  'a.constructor',
  '$exists(a.toString)',
  'true',
  'false and a',
  'null',
  "''",
  '0',
];

const CONTEXTS: unknown[] = [
  {},
  { a: 1 },
  { a: '1' },
  { a: 0 },
  { a: '' },
  { a: null },
  { a: true, b: false },
  { a: 'x', b: ['x', 'y'] },
  { a: 'z', b: ['x', 'y'] },
  { a: 'x', b: [] },
  { a: 1, b: 1 },
  { a: { b: { c: 'deep' } } },
  { a: { b: {} } },
  { a: {} },
  { a: [] },
  { a: [1, 2] },
  { a: [{ b: 1 }, { b: 2 }] },
  { a: [{ b: { c: 0 } }] },
  { a: [0] },
  { a: 'x', b: [['x']] },
  { a: { x: 1 }, b: { x: 1 } },
  { a: [1], b: [1] },
  { a: 'text', b: 'text' },
  { decision: 'create', event: { data: { labels: { 'team name': 'storage' } } } },
  { decision: 'create', event: { data: { labels: {} } } },
  { decision: 'resolve' },
  {
    event: { type: EventType.AlertTriggered, data: { severity: 'critical' } },
    incident: { previousTicket: { system: 'redmine', key: '12' } },
    config: { severities: ['critical', 'major'] },
  },
  {
    event: { type: EventType.AlertTriggered, data: { severity: 'info' } },
    incident: {},
    config: { severities: ['critical', 'major'] },
  },
  {
    event: { type: EventType.AlertResolved, data: { severity: 'critical' } },
    incident: { ticket: { system: 'redmine', key: '12' } },
    config: { severities: [] },
  },
  { event: { type: EventType.AlertResolved }, incident: { ticket: null } },
];

describe('conditions', () => {
  it('agree with JSONata on every condition and context of the corpus', async () => {
    const disagreements: string[] = [];
    for (const text of CONDITIONS)
      for (const context of CONTEXTS) {
        const [fast, reference] = [await holds(text, context), await jsonataHolds(text, context)];
        if (fast !== reference)
          disagreements.push(`${text} on ${JSON.stringify(context)}: ${fast} vs JSONata ${reference}`);
      }
    expect(disagreements).toEqual([]);
  });

  it('compile the template conditions, and decide them without JSONata on an alert run context', () => {
    const context = CONTEXTS[26];
    for (const text of CONDITIONS.slice(0, 7)) {
      const fast = fastOf(text);
      expect(fast).toBeDefined();
      expect(fast!(context)).not.toBe(UNDECIDED);
    }
  });

  it('leave what is outside the fast subset to JSONata', async () => {
    for (const text of ['a[0] = 1', 'a.b[c = 1]', '$x', '($y := 1; $y = 1)', "$contains(a, 'x')"])
      expect(fastOf(text)).toBeUndefined();
    // In the subset, but JSONata's rules decide: a list compared with an object, lists of lists on a path.
    expect(fastOf('a = b')!({ a: [1], b: { 0: 1 } })).toBe(UNDECIDED);
    expect(fastOf('a.b = 1')!({ a: [[{ b: 1 }]] })).toBe(UNDECIDED);
    // …and holds() still answers, through JSONata.
    expect(await holds('a = b', { a: [1], b: { 0: 1 } })).toBe(false);
    expect(await holds('a.b = 1', { a: [[{ b: 1 }]] })).toBe(true);
    expect(await holds("$contains(a, 'x')", { a: 'text' })).toBe(true);
  });
});
