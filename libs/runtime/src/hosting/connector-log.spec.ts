import { Logger } from '@nestjs/common';
import { connectorLogger } from './connector-log';

describe('connectorLogger', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['trace', [true, true, true, true]],
    ['debug', [true, true, true, true]],
    ['info', [false, true, true, true]],
    ['warn', [false, false, true, true]],
    ['error', [false, false, false, true]],
    ['fatal', [false, false, false, false]],
    ['silent', [false, false, false, false]],
  ] as const)('at LOG_LEVEL=%s writes debug, info, warn, error: %j', (level, expected) => {
    const logger = connectorLogger('redmine', 'inst-1', level);
    expect((['debug', 'info', 'warn', 'error'] as const).map((l) => logger.isLevelEnabled?.(l))).toEqual(
      expected,
    );
  });

  it('writes a line with its fields, in the instance context', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    connectorLogger('redmine', 'inst-1', 'info').warn('slow response', { ms: 900 });
    expect(warn).toHaveBeenCalledWith('slow response {"ms":900}');
    expect(warn.mock.contexts[0]).toMatchObject({ context: 'Connector redmine inst-1' });
  });
});
