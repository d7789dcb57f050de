import { loadConfig } from '@switchboard/config';
import { createRootLogger } from './root-logger';

describe('createRootLogger', () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, destination: { write: (line: string) => lines.push(line) } };
  };

  it('writes JSON lines with level names and ISO time, honouring LOG_LEVEL', async () => {
    const { lines, destination } = capture();
    const logger = await createRootLogger(loadConfig({ LOG_FORMAT: 'json', LOG_LEVEL: 'warn' }), {
      destination,
    });
    logger.info('hidden');
    logger.warn({ nested: { deeper: { token: 't-1', apiKey: 'k-1' } } }, 'shown');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({
      level: 'warn',
      msg: 'shown',
      nested: { deeper: { token: '[REDACTED]', apiKey: '[REDACTED]' } },
    });
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  it('writes human-readable lines when pretty, still redacted', async () => {
    const { lines, destination } = capture();
    const logger = await createRootLogger(loadConfig({ LOG_FORMAT: 'pretty' }), { destination });
    logger.info({ password: 'p-1' }, 'hello');
    const text = lines.join('');
    expect(text).toContain('INFO');
    expect(text).toContain('hello');
    expect(text).not.toContain('p-1');
  });
});
