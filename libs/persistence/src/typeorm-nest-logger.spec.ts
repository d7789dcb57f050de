import { Logger } from '@nestjs/common';
import { TypeOrmNestLogger } from './typeorm-nest-logger';

describe('TypeOrmNestLogger', () => {
  const url = 'postgres://sb:s3cret-pw@db/hub';
  let lines: string[];
  beforeEach(() => {
    lines = [];
    for (const level of ['log', 'warn', 'debug'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => {
        lines.push(`${level}: ${String(args[0])}`);
      });
    }
  });
  afterEach(() => jest.restoreAllMocks());

  it('logs SQL only when asked, failures always, and never the password', () => {
    const quiet = new TypeOrmNestLogger(false, url);
    quiet.logQuery('SELECT 1', []);
    quiet.logQueryError(new Error('connect to postgres://sb:s3cret-pw@db/hub refused'), 'SELECT 1', [
      's3cret-pw',
    ]);
    quiet.log('warn', 'Postgres pool raised an error. password s3cret-pw rejected');
    expect(lines).toEqual([
      'warn: Query failed: connect to postgres://sb:***@db/hub refused -- SELECT 1',
      'warn: Postgres pool raised an error. password *** rejected',
    ]);

    lines = [];
    new TypeOrmNestLogger(true, url).logQuery('SELECT $1', [42]);
    expect(lines).toEqual(['debug: SELECT $1 -- [42]']);
  });
});
