import { MIN_SECRET_LENGTH, type ConnectorManifest } from '@switchboard/connector-sdk';

/** One way a secret value can be written: as is, encoded, or combined into a Basic credential. */
export interface SecretSpelling {
  /** The secret field (or fields) it comes from, e.g. `apiToken` or `username:password`. */
  field: string;
  /** How it is written, e.g. `as is`, `base64`, `base64 of user:password`. */
  form: string;
  text: string;
}

/** Where the secret values of an instance come from. */
export interface SecretSources {
  manifest: Pick<ConnectorManifest, 'auth' | 'webhook'>;
  config: Readonly<Record<string, unknown>>;
  /** Every set of secrets the kit used (good and bad credentials). */
  secretSets: readonly Readonly<Record<string, unknown>>[];
}

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : value === undefined || value === null
      ? undefined
      : JSON.stringify(value);

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/**
 * Every spelling of every secret the kit should never find in an output: the value as is,
 * percent- and form-encoded (URLs), JSON-escaped, base64 and base64url, and for Basic auth the
 * base64 of `user:password` (the bytes that travel in the Authorization header). Values shorter
 * than {@link MIN_SECRET_LENGTH} are left out: they would match everywhere and prove nothing.
 */
export function secretSpellings(sources: SecretSources): SecretSpelling[] {
  const spellings = new Map<string, SecretSpelling>();
  const add = (field: string, form: string, text: string): void => {
    if (text.length >= MIN_SECRET_LENGTH && !spellings.has(text)) spellings.set(text, { field, form, text });
  };

  for (const secrets of sources.secretSets) {
    for (const [field, raw] of Object.entries(secrets)) {
      const value = stringOf(raw);
      if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
      add(field, 'as is', value);
      add(field, 'percent-encoded', encodeURIComponent(value));
      add(field, 'form-encoded', new URLSearchParams({ s: value }).toString().slice(2));
      add(field, 'JSON-escaped', JSON.stringify(value).slice(1, -1));
      add(field, 'base64', base64(value));
      add(field, 'base64url', base64url(value));
    }
    for (const [userField, passwordField, user, password] of basicPairs(sources, secrets)) {
      const pair = `${user}:${password}`;
      add(`${userField}:${passwordField}`, 'base64 of user:password (Basic auth)', base64(pair));
      add(`${userField}:${passwordField}`, 'base64url of user:password', base64url(pair));
    }
  }
  // Longest first: a spelling that contains another is reported as itself.
  return [...spellings.values()].sort((a, b) => b.text.length - a.text.length);
}

/** The Basic credentials the manifest declares, outbound (user in config) and for webhooks. */
function basicPairs(
  sources: SecretSources,
  secrets: Readonly<Record<string, unknown>>,
): [string, string, string, string][] {
  const valueOf = (field: string): string | undefined => stringOf(secrets[field] ?? sources.config[field]);
  const pairs: [string, string, string, string][] = [];
  const push = (userField: string, passwordField: string): void => {
    const user = valueOf(userField);
    const password = valueOf(passwordField);
    if (user !== undefined && password !== undefined && password.length >= MIN_SECRET_LENGTH)
      pairs.push([userField, passwordField, user, password]);
  };
  for (const scheme of sources.manifest.auth)
    if (scheme.type === 'basic') push(scheme.usernameField, scheme.passwordSecret);
  for (const scheme of sources.manifest.webhook?.auth ?? [])
    if (scheme.type === 'basic') push(scheme.usernameSecret, scheme.passwordSecret);
  return pairs;
}

/** Replaces every spelling in `text` with a placeholder naming the field and the form. */
export function maskSecrets(text: string, spellings: readonly SecretSpelling[]): string {
  let masked = text;
  for (const spelling of spellings)
    masked = masked.split(spelling.text).join(`[secret ${spelling.field} (${spelling.form})]`);
  return masked;
}
