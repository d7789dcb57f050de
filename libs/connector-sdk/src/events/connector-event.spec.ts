import { UUID_PATTERN } from '@switchboard/events';
import { deterministicEventId } from './connector-event';

describe('deterministicEventId', () => {
  it('is a UUIDv7 that depends only on the seed and the time, and sorts by time', () => {
    const id = deterministicEventId('fp-1:firing', '2026-12-01T10:00:00.000Z');
    expect(id).toMatch(UUID_PATTERN);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(deterministicEventId('fp-1:firing', '2026-12-01T10:00:00.000Z')).toBe(id);
    expect(deterministicEventId('fp-2:firing', '2026-12-01T10:00:00.000Z')).not.toBe(id);
    const later = deterministicEventId('fp-0:firing', '2026-12-01T10:00:00.001Z');
    expect(later > id).toBe(true);
    expect(id.replace(/-/g, '').slice(0, 12)).toBe(
      Date.parse('2026-12-01T10:00:00.000Z').toString(16).padStart(12, '0'),
    );
  });
});
