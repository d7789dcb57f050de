import { constantTimeEqual } from './constant-time';

describe('constantTimeEqual', () => {
  it('compares values of any length without throwing', () => {
    expect(constantTimeEqual('secret-value', 'secret-value')).toBe(true);
    expect(constantTimeEqual('secret-value', 'secret-valuf')).toBe(false);
    expect(constantTimeEqual('short', 'a much longer expected value')).toBe(false);
    expect(constantTimeEqual('', 'x')).toBe(false);
    expect(constantTimeEqual(Buffer.from([1, 2, 3]), Buffer.from([1, 2, 3]))).toBe(true);
  });
});
