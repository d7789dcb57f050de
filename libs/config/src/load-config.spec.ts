import { ConfigValidationError } from './config-validation.error';
import { loadConfig } from './load-config';

const HEX_KEY = 'a'.repeat(64);
const BASE64_KEY = Buffer.alloc(32, 7).toString('base64');

function expectInvalid(env: Record<string, string>): ConfigValidationError {
  try {
    loadConfig(env, { cwd: '/srv' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return error as ConfigValidationError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies documented defaults to an empty environment', () => {
    const config = loadConfig({}, { cwd: '/srv' });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.dataDir).toBe('/srv/data');
    expect(config.tenant).toBe('default');
    expect(config.log).toEqual({ level: 'info', format: 'auto' });
    expect(config.database).toEqual({ url: undefined, sqliteSync: 'full' });
    expect(config.bus.mode).toBe('auto');
    expect(config.bus.natsServers).toBeUndefined();
    expect(config.bus.streams).toEqual({
      EVT: { maxAgeMs: 7 * 86_400_000, retention: 'limits' },
      CMD: { maxAgeMs: 7 * 86_400_000 },
      DLQ: { maxAgeMs: 30 * 86_400_000 },
    });
    expect(config.bus.duplicateWindowMs).toBe(120_000);
    expect(config.shutdownTimeoutMs).toBe(30_000);
    expect(config.warnings).toEqual([]);
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({ NATS_URL: 'nats://a:4222' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.bus.streams.EVT)).toBe(true);
    expect(Object.isFrozen(config.bus.natsServers)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('treats empty and blank values as unset and trims the others', () => {
    const config = loadConfig({ SWITCHBOARD_PORT: '', LOG_LEVEL: '  debug ', NATS_URL: '   ' });
    expect(config.http.port).toBe(8080);
    expect(config.log.level).toBe('debug');
    expect(config.bus.natsServers).toBeUndefined();
  });

  describe('SWITCHBOARD_PORT', () => {
    it.each(['0', '1', '8080', '65535'])('accepts %s', (port) => {
      expect(loadConfig({ SWITCHBOARD_PORT: port }).http.port).toBe(Number(port));
    });
    it.each(['abc', '-1', '65536', '80.5', '0x50', '1e3'])('rejects %s', (port) => {
      const error = expectInvalid({ SWITCHBOARD_PORT: port });
      expect(error.message).toContain(`SWITCHBOARD_PORT: got "${port}"; expected an integer from 0 to 65535`);
    });
  });

  describe('SWITCHBOARD_HOST', () => {
    it.each(['0.0.0.0', '127.0.0.1', '::', '::1', 'localhost', 'hub.internal'])('accepts %s', (host) => {
      expect(loadConfig({ SWITCHBOARD_HOST: host }).http.host).toBe(host);
    });
    it.each(['http://x', 'a b', 'host:80'])('rejects %s', (host) => {
      expect(expectInvalid({ SWITCHBOARD_HOST: host }).variables.map((v) => v.name)).toEqual([
        'SWITCHBOARD_HOST',
      ]);
    });
  });

  it('resolves SWITCHBOARD_DATA_DIR against the working directory', () => {
    expect(loadConfig({ SWITCHBOARD_DATA_DIR: 'state' }, { cwd: '/srv' }).dataDir).toBe('/srv/state');
    expect(loadConfig({ SWITCHBOARD_DATA_DIR: '/var/lib/sb' }, { cwd: '/srv' }).dataDir).toBe('/var/lib/sb');
  });

  describe('NATS_URL', () => {
    it('splits a comma-separated cluster list', () => {
      const config = loadConfig({ NATS_URL: 'nats://u:p@n1:4222, tls://n2:4443,nats://n3' });
      expect(config.bus.natsServers).toEqual(['nats://u:p@n1:4222', 'tls://n2:4443', 'nats://n3']);
    });
    it.each(['localhost:4222', 'http://n1:4222', 'nats://n1:4222/path', 'nats://n1,', 'nats://'])(
      'rejects %s',
      (url) => {
        expect(expectInvalid({ NATS_URL: url }).variables.map((v) => v.name)).toEqual(['NATS_URL']);
      },
    );
    it('never shows the password of a rejected URL', () => {
      const error = expectInvalid({ NATS_URL: 'http://hub:s3cret@n1:4222' });
      expect(error.message).not.toContain('s3cret');
      expect(error.message).toContain('http://hub:***@n1:4222');
    });
  });

  it('keeps NATS_SERVER_BIN as given and builds the search path from PATH plus system dirs', () => {
    const config = loadConfig({ NATS_SERVER_BIN: '/opt/nats/nats-server', PATH: '/bin:/usr/bin:/usr/sbin' });
    expect(config.bus.natsServerBin).toBe('/opt/nats/nats-server');
    expect(config.bus.natsServerSearchPath).toEqual(['/bin', '/usr/bin', '/usr/sbin', '/usr/local/bin']);
  });

  describe('DATABASE_URL', () => {
    it.each([
      'postgres://sb:pw@db:5432/sb',
      'postgresql://db/sb',
      'sqlite:/var/lib/sb/hub.sqlite',
      'file:./hub.sqlite',
    ])('accepts %s', (url) => {
      expect(loadConfig({ DATABASE_URL: url }).database.url).toBe(url);
    });
    it.each(['postgres://', 'sqlite:', 'db.sqlite'])('rejects %s', (url) => {
      expect(expectInvalid({ DATABASE_URL: url }).variables.map((v) => v.name)).toEqual(['DATABASE_URL']);
    });
    it('rejects other schemes without showing the password', () => {
      const error = expectInvalid({ DATABASE_URL: 'mysql://sb:topsecret@db/sb' });
      expect(error.message).toContain('DATABASE_URL: got mysql://sb:***@db/sb');
      expect(error.message).not.toContain('topsecret');
    });
  });

  describe('SWITCHBOARD_MASTER_KEY', () => {
    it.each([
      ['64 hex characters', HEX_KEY],
      ['padded base64', BASE64_KEY],
      ['unpadded base64', BASE64_KEY.replace(/=$/, '')],
      ['base64url', Buffer.alloc(32, 251).toString('base64url')],
    ])('accepts %s', (_label, key) => {
      expect(loadConfig({ SWITCHBOARD_MASTER_KEY: key }).security.masterKey).toBe(key);
    });
    it.each([
      ['63 hex characters', 'a'.repeat(63)],
      ['16 bytes of base64', Buffer.alloc(16, 1).toString('base64')],
      ['48 bytes of base64', Buffer.alloc(48, 1).toString('base64')],
      ['a passphrase', 'correct horse battery staple'],
    ])('rejects %s, never echoing it', (_label, key) => {
      const error = expectInvalid({ SWITCHBOARD_MASTER_KEY: key });
      expect(error.message).toContain(`SWITCHBOARD_MASTER_KEY: got <redacted, ${key.length} characters>`);
      expect(error.message).not.toContain(key);
    });
  });

  describe('SWITCHBOARD_ADMIN_KEY', () => {
    it('accepts 32 characters or more', () => {
      expect(loadConfig({ SWITCHBOARD_ADMIN_KEY: 'k'.repeat(32) }).security.adminKey).toBe('k'.repeat(32));
    });
    it.each(['short', `${'k'.repeat(20)} ${'k'.repeat(20)}`])('rejects %j without echoing it', (key) => {
      const error = expectInvalid({ SWITCHBOARD_ADMIN_KEY: key });
      expect(error.variables.map((v) => v.name)).toEqual(['SWITCHBOARD_ADMIN_KEY']);
      expect(error.message).not.toContain(key);
    });
  });

  describe('SWITCHBOARD_TENANT', () => {
    it.each(['default', 'acme', '0-team_b'])('accepts %s', (tenant) => {
      expect(loadConfig({ SWITCHBOARD_TENANT: tenant }).tenant).toBe(tenant);
    });
    it.each(['Acme', '-acme', 'acme.eu', 'a b', 'a'.repeat(64)])('rejects %s', (tenant) => {
      expect(expectInvalid({ SWITCHBOARD_TENANT: tenant }).variables.map((v) => v.name)).toEqual([
        'SWITCHBOARD_TENANT',
      ]);
    });
  });

  describe('enumerations', () => {
    it('accepts values case-insensitively', () => {
      const config = loadConfig({
        LOG_LEVEL: 'WARN',
        LOG_FORMAT: 'Pretty',
        SWITCHBOARD_BUS: 'NATS',
        SWITCHBOARD_EVT_RETENTION: 'Interest',
        SWITCHBOARD_SQLITE_SYNC: 'Normal',
      });
      expect(config.log).toEqual({ level: 'warn', format: 'pretty' });
      expect(config.database.sqliteSync).toBe('normal');
      expect(config.bus.mode).toBe('nats');
      expect(config.bus.streams.EVT.retention).toBe('interest');
    });
    it.each([
      ['LOG_LEVEL', 'verbose', 'one of fatal, error, warn, info, debug, trace, silent'],
      ['LOG_FORMAT', 'text', 'one of auto, json, pretty'],
      ['SWITCHBOARD_BUS', 'redis', 'one of auto, nats, memory'],
      ['SWITCHBOARD_EVT_RETENTION', 'workqueue', 'one of limits, interest'],
      ['SWITCHBOARD_SQLITE_SYNC', 'off', 'one of normal, full'],
    ])('rejects %s=%s', (name, value, expected) => {
      expect(expectInvalid({ [name]: value }).message).toContain(
        `${name}: got "${value}"; expected ${expected}`,
      );
    });
  });

  describe('durations', () => {
    it('parses stream ages, the duplicate window and the shutdown timeout', () => {
      const config = loadConfig({
        SWITCHBOARD_EVT_MAX_AGE: '12h',
        SWITCHBOARD_CMD_MAX_AGE: '1h30m',
        SWITCHBOARD_DLQ_MAX_AGE: '0',
        SWITCHBOARD_DUPLICATE_WINDOW: '5m',
        SWITCHBOARD_SHUTDOWN_TIMEOUT: '10s',
      });
      expect(config.bus.streams.EVT.maxAgeMs).toBe(12 * 3_600_000);
      expect(config.bus.streams.CMD.maxAgeMs).toBe(5_400_000);
      expect(config.bus.streams.DLQ.maxAgeMs).toBe(0);
      expect(config.bus.duplicateWindowMs).toBe(300_000);
      expect(config.shutdownTimeoutMs).toBe(10_000);
    });
    it.each([
      ['SWITCHBOARD_EVT_MAX_AGE', '7 days'],
      ['SWITCHBOARD_CMD_MAX_AGE', '-1h'],
      ['SWITCHBOARD_DLQ_MAX_AGE', '30'],
      ['SWITCHBOARD_DUPLICATE_WINDOW', '0'],
      ['SWITCHBOARD_SHUTDOWN_TIMEOUT', '0'],
      ['SWITCHBOARD_SHUTDOWN_TIMEOUT', '1.5s'],
    ])('rejects %s=%s', (name, value) => {
      expect(expectInvalid({ [name]: value }).variables.map((v) => v.name)).toEqual([name]);
    });
    it('rejects a duplicate window longer than a stream max age', () => {
      const error = expectInvalid({ SWITCHBOARD_DUPLICATE_WINDOW: '2h', SWITCHBOARD_CMD_MAX_AGE: '1h' });
      expect(error.message).toContain(
        'SWITCHBOARD_DUPLICATE_WINDOW: got "2h"; expected a duration no longer than every non-zero max age (SWITCHBOARD_CMD_MAX_AGE=1h)',
      );
    });
  });

  it('lists every bad variable in one error', () => {
    const error = expectInvalid({
      SWITCHBOARD_PORT: 'abc',
      LOG_LEVEL: 'loud',
      SWITCHBOARD_MASTER_KEY: 'nope',
      SWITCHBOARD_TENANT: 'Acme',
    });
    expect(error.variables.map((v) => v.name).sort()).toEqual([
      'LOG_LEVEL',
      'SWITCHBOARD_MASTER_KEY',
      'SWITCHBOARD_PORT',
      'SWITCHBOARD_TENANT',
    ]);
    expect(error.message.split('\n')[0]).toBe(
      'Invalid configuration: 4 environment variables to fix before Switchboard can start:',
    );
    expect(error.code).toBe('validation');
    expect(error.fieldErrors?.map((f) => f.path).sort()).toEqual(error.variables.map((v) => v.name).sort());
  });

  it('mentions unknown SWITCHBOARD_* variables in the error too: the typo may be why a value is missing', () => {
    const error = expectInvalid({ SWITCHBOARD_PORT: 'abc', SWITCHBOARD_TENNANT: 'acme' });
    expect(error.message.split('\n').slice(-2)).toEqual([
      'Also noticed:',
      '  - Unknown environment variable SWITCHBOARD_TENNANT (did you mean SWITCHBOARD_TENANT?) is ignored.',
    ]);
  });

  it('warns about unknown SWITCHBOARD_* variables and suggests the closest known one', () => {
    const config = loadConfig({
      SWITCHBOARD_PROT: '9000',
      SWITCHBOARD_WHATEVER_ELSE: 'x',
      NATS_USER: 'ignored',
    });
    expect(config.warnings).toEqual([
      'Unknown environment variable SWITCHBOARD_PROT (did you mean SWITCHBOARD_PORT?) is ignored.',
      'Unknown environment variable SWITCHBOARD_WHATEVER_ELSE is ignored.',
    ]);
  });
});
