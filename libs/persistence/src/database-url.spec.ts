import * as path from 'node:path';
import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { redactCredentials, redactDatabaseUrl, resolveDatabaseTarget } from './database-url';

describe('resolveDatabaseTarget', () => {
  it('uses switchboard.sqlite in the data dir when DATABASE_URL is unset or blank', () => {
    const file = path.resolve('data', 'switchboard.sqlite');
    expect(resolveDatabaseTarget({ dataDir: 'data' })).toEqual({ dialect: 'sqlite', file });
    expect(resolveDatabaseTarget({ databaseUrl: '  ', dataDir: 'data' })).toEqual({
      dialect: 'sqlite',
      file,
    });
  });

  it.each(['postgres://u:p@db:5432/hub', 'postgresql://db/hub?sslmode=require', 'POSTGRES://db/hub'])(
    'selects PostgreSQL for %s and keeps the URL as given',
    (databaseUrl) => {
      expect(resolveDatabaseTarget({ databaseUrl, dataDir: 'data' })).toEqual({
        dialect: 'postgres',
        url: databaseUrl,
      });
    },
  );

  it.each([
    ['sqlite:/var/lib/sb/hub.sqlite', '/var/lib/sb/hub.sqlite'],
    ['sqlite:///var/lib/sb/hub.sqlite', '/var/lib/sb/hub.sqlite'],
    ['file:/var/lib/sb/hub.sqlite', '/var/lib/sb/hub.sqlite'],
    ['file:///var/lib/sb/my%20hub.sqlite', '/var/lib/sb/my hub.sqlite'],
    ['sqlite:./local.sqlite', path.resolve('local.sqlite')],
    ['file:local.sqlite', path.resolve('local.sqlite')],
    ['sqlite::memory:', ':memory:'],
  ])('selects SQLite for %s', (databaseUrl, file) => {
    expect(resolveDatabaseTarget({ databaseUrl, dataDir: 'data' })).toEqual({ dialect: 'sqlite', file });
  });

  it.each([
    ['mysql://root:hunter2@db/hub', 'has an unsupported scheme "mysql:"'],
    ['localhost:5432/hub', 'has an unsupported scheme "localhost:"'],
    ['/var/lib/hub.sqlite', 'has no scheme'],
    ['postgres://user:hunter2@[bad', 'is not a valid URL'],
    ['sqlite:', 'names no SQLite file'],
  ])(
    'rejects %s naming DATABASE_URL, the problem and the accepted forms, never the password',
    (databaseUrl, problem) => {
      let failure: unknown;
      try {
        resolveDatabaseTarget({ databaseUrl, dataDir: 'data' });
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(SwitchboardError);
      const { code, message, fieldErrors } = failure as SwitchboardError;
      expect(code).toBe(ErrorCode.Validation);
      expect(message).toContain(`DATABASE_URL ${problem}`);
      expect(message).toContain('postgres://user:password@host:5432/database');
      expect(message).toContain('sqlite:/path/to/file.sqlite');
      expect(message).toContain(path.join('data', 'switchboard.sqlite'));
      expect(fieldErrors).toEqual([{ path: 'DATABASE_URL', message: expect.stringContaining(problem) }]);
      expect(JSON.stringify({ message, fieldErrors })).not.toContain('hunter2');
    },
  );
});

describe('redactDatabaseUrl', () => {
  it.each([
    ['postgres://switchboard:s3cret@db:5432/hub', 'postgres://switchboard:***@db:5432/hub'],
    ['postgres://:s3cret@db/hub', 'postgres://:***@db/hub'],
    ['postgres://switchboard:p@ss:w/rd@db/hub', 'postgres://switchboard:***@db/hub'],
    [
      'postgres://db/hub?user=sb&password=s3cret&sslmode=require',
      'postgres://db/hub?user=sb&password=***&sslmode=require',
    ],
    ['postgres://switchboard@db/hub', 'postgres://switchboard@db/hub'],
    ['sqlite:/var/lib/hub.sqlite', 'sqlite:/var/lib/hub.sqlite'],
  ])('%s → %s', (url, redacted) => {
    expect(redactDatabaseUrl(url)).toBe(redacted);
  });
});

describe('redactCredentials', () => {
  it('masks embedded URLs and the bare password, raw and percent-decoded', () => {
    const url = 'postgres://sb:p%40ss-w0rd@db/hub';
    const text = `connect to postgres://sb:p%40ss-w0rd@db/hub failed; password "p@ss-w0rd" / p%40ss-w0rd rejected`;
    const redacted = redactCredentials(text, url);
    expect(redacted).toBe('connect to postgres://sb:***@db/hub failed; password "***" / *** rejected');
  });
});
