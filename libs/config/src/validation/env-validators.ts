import { isFQDN, isIP, registerDecorator, type ValidationOptions } from 'class-validator';
import { parseDuration } from './duration';
import { decodeMasterKey } from '@switchboard/secrets';

function stringRule(
  name: string,
  test: (value: string) => boolean,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyKey as string,
      options,
      validator: { validate: (value: unknown) => typeof value === 'string' && test(value) },
    });
  };
}

export function isPortText(value: string): boolean {
  return /^\d{1,5}$/.test(value) && Number(value) <= 65_535;
}

/** An IP address or a host name the HTTP server can bind to. */
export function isListenHost(value: string): boolean {
  return (
    isIP(value) || value === 'localhost' || isFQDN(value, { require_tld: false, allow_underscores: false })
  );
}

/** One or more `nats://` / `tls://` server URLs, comma-separated, each with a host and no path. */
export function isNatsUrlList(value: string): boolean {
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.every((entry) => {
    const url = tryUrl(entry);
    return (
      url !== undefined &&
      (url.protocol === 'nats:' || url.protocol === 'tls:') &&
      url.hostname !== '' &&
      (url.pathname === '' || url.pathname === '/') &&
      url.search === '' &&
      url.hash === ''
    );
  });
}

/** PostgreSQL (`postgres://`, `postgresql://`) or an explicit SQLite file (`sqlite:…`, `file:…`). */
export function isDatabaseUrl(value: string): boolean {
  if (/^(?:sqlite|file):./i.test(value)) return true;
  const url = tryUrl(value);
  return (
    url !== undefined &&
    (url.protocol === 'postgres:' || url.protocol === 'postgresql:') &&
    url.hostname !== ''
  );
}

/** 32 bytes as 64 hex characters or as base64 (standard or URL-safe alphabet, padding optional). */
/** One parser decides what a master key is: the one that will decode it (libs/secrets). */
export function isMasterKey(value: string): boolean {
  try {
    decodeMasterKey(value);
    return true;
  } catch {
    return false;
  }
}

export function isDurationText(value: string, allowZero: boolean): boolean {
  const ms = parseDuration(value);
  return ms !== undefined && (allowZero || ms > 0);
}

function tryUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export const IsPortText = (options?: ValidationOptions) => stringRule('isPortText', isPortText, options);
export const IsListenHost = (options?: ValidationOptions) =>
  stringRule('isListenHost', isListenHost, options);
export const IsNatsUrlList = (options?: ValidationOptions) =>
  stringRule('isNatsUrlList', isNatsUrlList, options);
export const IsDatabaseUrl = (options?: ValidationOptions) =>
  stringRule('isDatabaseUrl', isDatabaseUrl, options);
export const IsMasterKey = (options?: ValidationOptions) => stringRule('isMasterKey', isMasterKey, options);
export const IsDurationText = (allowZero: boolean, options?: ValidationOptions) =>
  stringRule('isDurationText', (value) => isDurationText(value, allowZero), options);
