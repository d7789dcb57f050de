import { DEFAULT_INSTANCE_CONCURRENCY, effectiveInstanceLimits, instanceRateLimit } from './instance-limits';

const HINT = { requestsPerSecond: 25, maxConcurrent: 4, documentation: 'https://vendor.example/limits' };

describe('instance limits', () => {
  it('merge the override over the manifest hint field by field: overriding one keeps the other', () => {
    expect(instanceRateLimit(HINT, { maxConcurrent: 32 })).toEqual({
      requestsPerSecond: 25,
      maxConcurrent: 32,
    });
    expect(instanceRateLimit(HINT, { requestsPerSecond: 500 })).toEqual({
      requestsPerSecond: 500,
      maxConcurrent: 4,
    });
    expect(instanceRateLimit(HINT, { requestsPerSecond: 1, maxConcurrent: 1 })).toEqual({
      requestsPerSecond: 1,
      maxConcurrent: 1,
    });
  });

  it('follow the hint without an override, and say nothing when neither does', () => {
    expect(instanceRateLimit(HINT, null)).toEqual({ requestsPerSecond: 25, maxConcurrent: 4 });
    expect(instanceRateLimit({ requestsPerSecond: 5 }, undefined)).toEqual({ requestsPerSecond: 5 });
    expect(instanceRateLimit(undefined, { maxConcurrent: 8 })).toEqual({ maxConcurrent: 8 });
    expect(instanceRateLimit(undefined, null)).toBeUndefined();
    expect(instanceRateLimit({ documentation: 'https://vendor.example' }, null)).toBeUndefined();
  });

  it('fill in the runtime defaults for what nobody set', () => {
    expect(effectiveInstanceLimits(undefined, null)).toEqual({
      requestsPerSecond: null,
      maxConcurrent: DEFAULT_INSTANCE_CONCURRENCY,
    });
    expect(effectiveInstanceLimits({ requestsPerSecond: 25 }, { maxConcurrent: 64 })).toEqual({
      requestsPerSecond: 25,
      maxConcurrent: 64,
    });
    expect(effectiveInstanceLimits(HINT, { requestsPerSecond: 1000 })).toEqual({
      requestsPerSecond: 1000,
      maxConcurrent: 4,
    });
  });
});
