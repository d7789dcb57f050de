import { SwitchboardError } from '@switchboard/errors';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { dispositionFor } from './disposition';

const policy = { initialMs: 100, factor: 2, maxMs: 1_000 };

describe('backoff', () => {
  it('grows exponentially from the first failed delivery and caps at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('defaults to 1 s doubling up to 5 min', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF)).toBe(1_000);
    expect(backoffDelay(30, DEFAULT_BACKOFF)).toBe(300_000);
  });
});

describe('dispositionFor', () => {
  it('retries retryable and unclassified errors with the backoff delay', () => {
    expect(dispositionFor(SwitchboardError.retryable('x'), 2, 5, policy)).toEqual({
      action: 'retry',
      delayMs: 200,
    });
    expect(dispositionFor(new Error('bug?'), 1, 5, policy)).toEqual({ action: 'retry', delayMs: 100 });
  });

  it('waits at least as long as the remote asked', () => {
    expect(dispositionFor(SwitchboardError.rateLimited('429', 5_000), 1, 5, policy)).toEqual({
      action: 'retry',
      delayMs: 5_000,
    });
  });

  it('dead-letters permanent, auth, validation, not-found and conflict errors at once', () => {
    for (const error of [
      SwitchboardError.permanent('x'),
      SwitchboardError.auth('x'),
      SwitchboardError.validation('x', []),
      SwitchboardError.notFound('x'),
      SwitchboardError.conflict('x'),
    ]) {
      expect(dispositionFor(error, 1, 5, policy)).toEqual({ action: 'dead-letter', reason: 'permanent' });
    }
  });

  it('dead-letters a retryable error once the delivery budget is spent', () => {
    expect(dispositionFor(SwitchboardError.retryable('x'), 5, 5, policy)).toEqual({
      action: 'dead-letter',
      reason: 'max_deliveries',
    });
  });
});
