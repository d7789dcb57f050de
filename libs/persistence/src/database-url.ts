import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SwitchboardError } from '@switchboard/errors';
import { DEFAULT_SQLITE_FILE } from './persistence.constants';
import type { PersistenceOptions } from './persistence.options';

/** Where the database lives, decided once from {@link PersistenceOptions}. */
export type DatabaseTarget =
  | { dialect: 'sqlite'; /** Absolute path, or `:memory:`. */ file: string }
  | { dialect: 'postgres'; url: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const MASK = '***';

/**
 * Decides dialect and location. Throws a `validation` {@link SwitchboardError} naming
 * `DATABASE_URL` and the accepted forms when the URL cannot be used; the message never carries
 * the password.
 */
export function resolveDatabaseTarget(
  options: Pick<PersistenceOptions, 'databaseUrl' | 'dataDir'>,
): DatabaseTarget {
  const url = options.databaseUrl?.trim();
  if (!url) {
    return { dialect: 'sqlite', file: path.resolve(options.dataDir, DEFAULT_SQLITE_FILE) };
  }
  const invalid = (problem: string) => invalidUrl(url, problem, options.dataDir);
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      if (!URL.canParse(url)) throw invalid('is not a valid URL');
      return { dialect: 'postgres', url };
    case 'sqlite':
      return { dialect: 'sqlite', file: sqliteFile(url.slice('sqlite:'.length), invalid) };
    case 'file':
      return { dialect: 'sqlite', file: sqliteFile(fileUrlPath(url, invalid), invalid) };
    default:
      throw invalid(scheme ? `has an unsupported scheme "${scheme}:"` : 'has no scheme');
  }
}

/**
 * The URL with its password (and any `password=` query parameter) replaced by `***`, safe for
 * logs, errors and health output. Works on malformed URLs too: when unsure, it masks more.
 */
export function redactDatabaseUrl(databaseUrl: string): string {
  let redacted = databaseUrl;
  const authorityStart = redacted.indexOf('//');
  const at = redacted.lastIndexOf('@');
  if (authorityStart >= 0 && at > authorityStart) {
    const userInfo = redacted.slice(authorityStart + 2, at);
    const colon = userInfo.indexOf(':');
    if (colon >= 0) {
      redacted = `${redacted.slice(0, authorityStart + 2)}${userInfo.slice(0, colon)}:${MASK}${redacted.slice(at)}`;
    }
  }
  return redacted.replace(/([?&](?:ssl)?password=)[^&#]*/gi, `$1${MASK}`);
}

/**
 * Removes every trace of the URL's password from free text (a driver error, a log line):
 * embedded URLs are redacted and the bare password, raw or percent-decoded, is masked.
 */
export function redactCredentials(text: string, databaseUrl?: string): string {
  let redacted = text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, (match) => redactDatabaseUrl(match));
  for (const secret of passwordsIn(databaseUrl)) {
    redacted = redacted.split(secret).join(MASK);
  }
  return redacted;
}

/** A human-readable location: the redacted URL for PostgreSQL, the file for SQLite. */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  return target.dialect === 'postgres'
    ? `postgres ${redactDatabaseUrl(target.url)}`
    : `sqlite ${target.file}`;
}

function passwordsIn(databaseUrl: string | undefined): string[] {
  if (!databaseUrl) return [];
  const found = new Set<string>();
  const authorityStart = databaseUrl.indexOf('//');
  const at = databaseUrl.lastIndexOf('@');
  if (authorityStart >= 0 && at > authorityStart) {
    const userInfo = databaseUrl.slice(authorityStart + 2, at);
    const colon = userInfo.indexOf(':');
    if (colon >= 0) found.add(userInfo.slice(colon + 1));
  }
  for (const match of databaseUrl.matchAll(/[?&](?:ssl)?password=([^&#]*)/gi)) found.add(match[1]!);
  for (const secret of [...found]) {
    try {
      found.add(decodeURIComponent(secret));
    } catch {
      // Not valid percent-encoding: the raw form is already masked.
    }
  }
  // Masking a one-character "password" would shred the message; such a password leaks nothing useful.
  return [...found].filter((secret) => secret.length > 1);
}

type Invalid = (problem: string) => SwitchboardError;

function fileUrlPath(url: string, invalid: Invalid): string {
  // `file:///abs/path` is a standard file URL; `file:./relative` and `file:/abs` are the short
  // forms other tools (Prisma, SQLite itself) accept, so take those literally.
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch {
      throw invalid('is not a valid file URL');
    }
  }
  return url.slice('file:'.length);
}

function sqliteFile(rawPath: string, invalid: Invalid): string {
  // `sqlite:///abs/path` (SQLAlchemy style) and `sqlite:/abs/path` mean the same file.
  const withoutQuery = rawPath.replace(/^\/\/(?=\/)/, '').split('?')[0]!;
  let file: string;
  try {
    file = decodeURIComponent(withoutQuery);
  } catch {
    throw invalid('has a malformed percent-encoding');
  }
  if (file === ':memory:') return file;
  if (!file || file.endsWith('/')) throw invalid('names no SQLite file');
  return path.resolve(file);
}

function invalidUrl(url: string, problem: string, dataDir: string): SwitchboardError {
  const embedded = path.join(dataDir, DEFAULT_SQLITE_FILE);
  const expected =
    `leave it unset for SQLite in ${embedded}, or use postgres://user:password@host:5432/database ` +
    `(also postgresql://), sqlite:/path/to/file.sqlite or file:/path/to/file.sqlite`;
  const message = `DATABASE_URL ${problem} (${redactDatabaseUrl(url)}): ${expected}`;
  return SwitchboardError.validation(message, [{ path: 'DATABASE_URL', message: `${problem}; ${expected}` }]);
}
