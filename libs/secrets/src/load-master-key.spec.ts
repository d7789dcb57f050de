import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { MASTER_KEY_FILE, loadMasterKey } from './load-master-key';

describe('loadMasterKey', () => {
  let dataDir: string;
  const logger = { warn: jest.fn<void, [string]>() };
  beforeEach(() => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-secrets-')), 'data');
    logger.warn.mockReset();
  });
  afterEach(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it.each([
    ['hex', (key: Buffer) => key.toString('hex')],
    ['base64', (key: Buffer) => key.toString('base64')],
    ['base64url without padding', (key: Buffer) => key.toString('base64url')],
  ])('takes SWITCHBOARD_MASTER_KEY as %s without touching the data dir', (_, encode) => {
    const key = randomBytes(32);
    const loaded = loadMasterKey({ masterKey: encode(key), dataDir, logger });
    expect(loaded).toEqual({ key, source: 'env' });
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(33).toString('hex')],
    ['not an encoding', 'correct horse battery staple correct horse battery'],
  ])('rejects a %s env key, naming the variable and not echoing the value', (_, masterKey) => {
    let failure: unknown;
    try {
      loadMasterKey({ masterKey, dataDir, logger });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SwitchboardError);
    const error = failure as SwitchboardError;
    expect(error.code).toBe(ErrorCode.Validation);
    expect(error.message).toContain('SWITCHBOARD_MASTER_KEY');
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(masterKey);
  });

  it('generates a 0600 key file on first start, warns, and reuses it on the next', () => {
    const first = loadMasterKey({ dataDir, logger });
    const file = path.join(dataDir, MASTER_KEY_FILE);
    expect(first.source).toBe('generated');
    expect(first.key).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/back it up.*SWITCHBOARD_MASTER_KEY/));

    const second = loadMasterKey({ dataDir, logger });
    expect(second.source).toBe('file');
    expect(second.key.equals(first.key)).toBe(true);
    // The file's content works as the env value, for moving to SWITCHBOARD_MASTER_KEY later.
    const text = fs.readFileSync(file, 'utf8');
    expect(loadMasterKey({ masterKey: text.trim(), dataDir, logger }).key.equals(first.key)).toBe(true);
    expect(fs.readdirSync(dataDir)).toEqual([MASTER_KEY_FILE]);
  });

  it('leaves an existing key file alone when another process created it first', () => {
    fs.mkdirSync(dataDir, { recursive: true });
    const existing = randomBytes(32);
    fs.writeFileSync(path.join(dataDir, MASTER_KEY_FILE), existing.toString('hex'), { mode: 0o600 });
    expect(loadMasterKey({ dataDir, logger }).key.equals(existing)).toBe(true);
  });

  it('rejects a corrupt key file, naming the file', () => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, MASTER_KEY_FILE), 'garbage', { mode: 0o600 });
    expect(() => loadMasterKey({ dataDir, logger })).toThrow(MASTER_KEY_FILE);
  });
});
