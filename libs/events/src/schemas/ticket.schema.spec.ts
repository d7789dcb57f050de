import { itilPriority, PRIORITY_NUMBER } from '../index';

describe('ITIL priority matrix', () => {
  it.each([
    ['high', 'high', 'critical', 1],
    ['high', 'medium', 'high', 2],
    ['medium', 'high', 'high', 2],
    ['high', 'low', 'medium', 3],
    ['medium', 'medium', 'medium', 3],
    ['low', 'high', 'medium', 3],
    ['medium', 'low', 'low', 4],
    ['low', 'medium', 'low', 4],
    ['low', 'low', 'planning', 5],
  ] as const)('impact %s × urgency %s = %s (P%d)', (impact, urgency, priority, number) => {
    expect(itilPriority(impact, urgency)).toBe(priority);
    expect(PRIORITY_NUMBER[priority]).toBe(number);
  });
});
