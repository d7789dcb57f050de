import { JiraValueMaps } from './value-maps';

describe('Jira value maps', () => {
  const maps = new JiraValueMaps({
    statusMap: { closed: ['Done'], on_hold: 'Parked' },
    priorityMap: { critical: 'Blocker' },
  });

  it('reads statuses by name (configured names first), else by status category', () => {
    expect(maps.statusOf({ name: 'done' })).toBe('closed');
    expect(maps.statusOf({ name: 'Parked' })).toBe('on_hold');
    expect(maps.statusOf({ name: "Won't Do" })).toBe('canceled');
    expect(maps.statusOf({ name: 'QA', statusCategory: { key: 'indeterminate' } })).toBe('in_progress');
    expect(maps.statusOf({ name: 'Shipped', statusCategory: { key: 'done' } })).toBe('resolved');
    expect(maps.statusOf({ name: 'Odd', statusCategory: { key: 'in-flight' } })).toBeUndefined();
  });

  it('knows what reaching a status means', () => {
    expect(maps.statusTarget('on_hold')).toEqual({
      status: 'on_hold',
      names: ['Parked'],
      category: 'indeterminate',
    });
    expect(maps.statusTarget('resolved')).toEqual({
      status: 'resolved',
      names: ['Resolved', 'Done'],
      category: 'done',
    });
  });

  it('maps priorities both ways, reading legacy names too', () => {
    expect(maps.priorityName('critical')).toBe('Blocker');
    expect(maps.priorityName('planning')).toBe('Lowest');
    expect(
      ['Blocker', 'Highest', 'Major', 'Minor', 'Trivial', 'Whatever'].map((n) => maps.priorityOf(n)),
    ).toEqual(['critical', 'critical', 'high', 'low', 'planning', undefined]);
  });

  it('tells kinds apart by issue type, also where several kinds share a type', () => {
    expect(
      ['Bug', 'Task', 'Incident', 'Service Request', 'Problem', 'Change', 'Story', undefined].map((n) =>
        maps.kindOf(n),
      ),
    ).toEqual(['incident', 'task', 'incident', 'service_request', 'problem', 'change', 'task', 'task']);
  });
});
