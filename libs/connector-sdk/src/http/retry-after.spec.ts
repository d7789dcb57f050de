import { parseRetryAfter, rateLimitExhausted, rateLimitResetMs, requestedWaitMs } from './retry-after';

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['2', 2000],
    [' 120 ', 120_000],
    ['0', 0],
    ['Wed, 01 May 2024 12:00:30 GMT', 30_000],
    ['Wed, 01 May 2024 11:59:00 GMT', 0],
  ])('%j → %d ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([[undefined], [''], ['soon'], ['-5']])('%j is not a wait', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('rateLimitResetMs', () => {
  it.each([
    [{ 'ratelimit-reset': '7' }, 7000],
    [{ ratelimit: '"default";r=0;t=30' }, 30_000],
    [{ 'x-ratelimit-reset': String(NOW / 1000 + 45) }, 45_000], // GitHub: unix seconds
    [{ 'x-ratelimit-reset': String(NOW + 1500) }, 1500], // unix milliseconds
    [{ 'x-ratelimit-reset': '12' }, 12_000], // delta-seconds
    [{ 'x-ratelimit-reset': '2024-05-01T12:01:00Z' }, 60_000], // Atlassian: ISO 8601
    [{ 'x-rate-limit-reset': String(NOW / 1000 + 5) }, 5000], // Okta
    [{}, undefined],
  ])('%j → %s', (headers, expected) => {
    expect(rateLimitResetMs(headers, NOW)).toBe(expected);
  });

  it('prefers Retry-After over reset headers', () => {
    expect(requestedWaitMs({ 'retry-after': '3', 'x-ratelimit-reset': '100' }, NOW)).toBe(3000);
    expect(requestedWaitMs({ 'x-ratelimit-reset': '100' }, NOW)).toBe(100_000);
  });
});

describe('rateLimitExhausted', () => {
  it.each([
    [{ 'x-ratelimit-remaining': '0' }, true],
    [{ 'ratelimit-remaining': '0' }, true],
    [{ ratelimit: 'default;r=0;t=10' }, true],
    [{ ratelimit: 'default;r=10;t=10' }, false],
    [{ 'x-ratelimit-remaining': '10' }, false],
    [{}, false],
  ])('%j → %s', (headers, expected) => {
    expect(rateLimitExhausted(headers)).toBe(expected);
  });
});
