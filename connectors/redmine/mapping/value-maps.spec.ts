import type { RedmineConfig } from '../redmine.config';
import {
  canonicalKind,
  canonicalPriority,
  canonicalStatus,
  priorityNamesFor,
  valueMapsOf,
} from './value-maps';

const config = (extra: Partial<RedmineConfig> = {}) =>
  ({ defaultKind: 'incident', ...extra }) as RedmineConfig;

describe('value maps', () => {
  it('maps Redmine’s default data, names case-insensitively', () => {
    const maps = valueMapsOf(config());
    expect(
      ['New', 'in progress', 'Resolved', 'Feedback', 'Closed', 'Rejected'].map((s) =>
        canonicalStatus(maps, s, false),
      ),
    ).toEqual(['new', 'in_progress', 'resolved', 'on_hold', 'closed', 'canceled']);
    expect(['Immediate', 'Urgent', 'High', 'Normal', 'Low'].map((p) => canonicalPriority(maps, p))).toEqual([
      'critical',
      'critical',
      'high',
      'medium',
      'low',
    ]);
    expect(['Bug', 'Support', 'Feature', 'Task'].map((t) => canonicalKind(maps, config(), t))).toEqual([
      'incident',
      'service_request',
      'change',
      'incident',
    ]);
  });

  it('maps an unknown status by whether Redmine counts it as closed', () => {
    const maps = valueMapsOf(config());
    expect(canonicalStatus(maps, 'Waiting for vendor', false)).toBe('open');
    expect(canonicalStatus(maps, 'Duplicate', true)).toBe('closed');
  });

  it("prefers the instance's names when writing, and the nearest priority when none is mapped", () => {
    const maps = valueMapsOf(config({ statusMap: { Acknowledged: 'open', Waiting: 'on_hold' } }));
    expect(maps.statuses.namesOf('on_hold')).toEqual(['Waiting', 'Feedback']);
    expect(maps.statuses.namesOf('open')).toEqual(['Acknowledged']);
    expect(priorityNamesFor(maps, 'critical')).toEqual(['Immediate', 'Urgent']);
    expect(priorityNamesFor(maps, 'planning')).toEqual(['Low']);
    const noHigh = valueMapsOf(config({ priorityMap: { High: 'medium' } }));
    expect(priorityNamesFor(noHigh, 'high')).toEqual(['Immediate', 'Urgent']);
  });
});
