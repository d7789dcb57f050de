import { formatWebhookTimestamp, parseWebhookTimestamp, timestampWindowPosition } from './webhook-timestamp';

describe('parseWebhookTimestamp', () => {
  it.each([
    ['1700000000', 'auto', 1_700_000_000_000],
    ['1700000000.5', 'auto', 1_700_000_000_500],
    ['1700000000123', 'auto', 1_700_000_000_123],
    ['2023-11-14T22:13:20Z', 'auto', 1_700_000_000_000],
    ['1700000000', 'unix-seconds', 1_700_000_000_000],
    ['1700000000123', 'unix-ms', 1_700_000_000_123],
    ['2023-11-14T22:13:20.000Z', 'iso', 1_700_000_000_000],
  ] as const)('%s as %s', (raw, format, expected) => {
    expect(parseWebhookTimestamp(raw, format)?.getTime()).toBe(expected);
  });

  it.each([
    ['', 'auto'],
    ['yesterday', 'auto'],
    ['2023-11-14T22:13:20Z', 'unix-seconds'],
    ['1700000000', 'iso'],
  ] as const)('refuses %j as %s', (raw, format) => {
    expect(parseWebhookTimestamp(raw, format)).toBeUndefined();
  });
});

describe('timestamp window', () => {
  const now = new Date('2024-01-01T00:00:00Z');
  it.each([
    [-300_000, 'inside'],
    [-300_001, 'too_old'],
    [300_000, 'inside'],
    [300_001, 'in_future'],
  ] as const)('offset %d ms is %s', (offset, expected) => {
    expect(timestampWindowPosition(new Date(now.getTime() + offset), now)).toBe(expected);
  });

  it('formats what it parses', () => {
    for (const format of ['unix-seconds', 'unix-ms', 'iso', 'auto'] as const) {
      expect(parseWebhookTimestamp(formatWebhookTimestamp(now, format), format)).toEqual(now);
    }
  });
});
