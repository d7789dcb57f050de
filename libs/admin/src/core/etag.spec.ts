import { ProblemDetailsException } from '@switchboard/platform';
import { assertIfMatch, etagOf } from './etag';

function statusOf(action: () => void): number | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof ProblemDetailsException ? error.problem.status : -1;
  }
}

describe('If-Match', () => {
  it('writes the version as a weak ETag', () => {
    expect(etagOf(3)).toBe('W/"3"');
  });

  it('accepts the current ETag, with or without W/, alone or in a list', () => {
    expect(statusOf(() => assertIfMatch('W/"3"', 3))).toBeUndefined();
    expect(statusOf(() => assertIfMatch('"3"', 3))).toBeUndefined();
    expect(statusOf(() => assertIfMatch('W/"1", W/"3"', 3))).toBeUndefined();
  });

  it('answers 428 when missing, empty or *', () => {
    expect(statusOf(() => assertIfMatch(undefined, 3))).toBe(428);
    expect(statusOf(() => assertIfMatch(' ', 3))).toBe(428);
    expect(statusOf(() => assertIfMatch('*', 3))).toBe(428);
  });

  it('answers 412 for any other version', () => {
    expect(statusOf(() => assertIfMatch('W/"2"', 3))).toBe(412);
    expect(statusOf(() => assertIfMatch('W/"30"', 3))).toBe(412);
  });
});
