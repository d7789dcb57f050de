import { DEFAULT_RETRY, backoffDelayMs } from './retry-policy';

describe('backoffDelayMs', () => {
  it('grows the bound exponentially up to the maximum', () => {
    const atMost = (attempt: number) => backoffDelayMs(attempt, DEFAULT_RETRY, () => 0.999_999);
    expect([1, 2, 3, 4, 10].map(atMost)).toEqual([199, 399, 799, 1599, 9999]);
  });

  it('is fully jittered', () => {
    expect(backoffDelayMs(3, DEFAULT_RETRY, () => 0)).toBe(0);
    expect(backoffDelayMs(3, DEFAULT_RETRY, () => 0.5)).toBe(400);
  });
});
