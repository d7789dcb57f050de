import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SwitchboardError } from '@switchboard/errors';
import { MASTER_KEY_BYTES, MASTER_KEY_VARIABLE, decodeMasterKey } from './master-key';

/** File name of the generated key inside the data dir. */
export const MASTER_KEY_FILE = 'master.key';

/** What {@link loadMasterKey} needs of a logger; Nest's `Logger` fits. */
export interface MasterKeyLogger {
  warn(message: string): void;
}

export interface LoadMasterKeyOptions {
  /** The value of SWITCHBOARD_MASTER_KEY, if set. Wins over any key file. */
  masterKey?: string;
  /** SWITCHBOARD_DATA_DIR: where the generated key file lives when no env key is set. */
  dataDir: string;
  logger: MasterKeyLogger;
}

/** A loaded master key and where it came from. */
export interface LoadedMasterKey {
  key: Buffer;
  source: 'env' | 'file' | 'generated';
  /** Set for `file` and `generated`. */
  file?: string;
}

/**
 * The master key: from SWITCHBOARD_MASTER_KEY when set (32 bytes as hex or base64, else a
 * validation error naming the variable, never echoing it); otherwise from `<dataDir>/master.key`,
 * generating that file (mode 0600) on first start. A file key logs a warning: it sits next to the
 * data it protects, so a stolen backup carries both.
 */
export function loadMasterKey(options: LoadMasterKeyOptions): LoadedMasterKey {
  if (options.masterKey !== undefined && options.masterKey.trim() !== '') {
    return { key: decodeMasterKey(options.masterKey, MASTER_KEY_VARIABLE), source: 'env' };
  }
  const file = path.resolve(options.dataDir, MASTER_KEY_FILE);
  const created = createKeyFileIfAbsent(file);
  const key = readKeyFile(file);
  options.logger.warn(
    `${created ? 'Generated a master key in' : 'Using the master key from'} ${file}. It lives next to the data it encrypts: ` +
      `back it up separately (losing it makes stored connector secrets unreadable), and in production set ` +
      `${MASTER_KEY_VARIABLE} instead (the file's content is a valid value).`,
  );
  if (!created && (fs.statSync(file).mode & 0o077) !== 0) {
    options.logger.warn(`${file} is readable by other users; restrict it with chmod 600.`);
  }
  return { key, source: created ? 'generated' : 'file', file };
}

/**
 * Writes a new key to a private temporary file, then publishes it with link(2), which fails if the
 * name exists. Two processes starting at once therefore never clobber each other, and neither can
 * read a half-written key: the loser of the race just reads the winner's file.
 */
function createKeyFileIfAbsent(file: string): boolean {
  if (fs.existsSync(file)) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, `${randomBytes(MASTER_KEY_BYTES).toString('base64')}\n`, {
    flag: 'wx',
    mode: 0o600,
  });
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw SwitchboardError.permanent(`Could not create the master key file ${file}`, { cause: error });
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

function readKeyFile(file: string): Buffer {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw SwitchboardError.permanent(`Could not read the master key file ${file}`, { cause: error });
  }
  return decodeMasterKey(text, file);
}
