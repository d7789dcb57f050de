import { resolveLogFormat } from './log-format';

describe('resolveLogFormat', () => {
  it('pretty at a terminal, JSON otherwise, unless forced', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });
});
