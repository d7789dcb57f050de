/**
 * `scheme://user:password@` → `scheme://user:***@`; works on lists and on text that is not a valid
 * URL. Greedy up to the last `@` of the authority, so an unencoded `@` in a password is hidden too.
 */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@,]*:)[^\s/,]*@/gi;

/** NATS reads `nats://secret@host` (user info without a password) as an auth token. */
const NATS_TOKEN = /((?:nats|tls):\/\/)[^\s:/@,]+@/gi;

/** libpq-style `?password=` / `&sslpassword=` query parameters. */
const QUERY_PASSWORD = /([?&](?:ssl)?password=)[^&#\s]*/gi;

export const REDACTED = '***';

/**
 * Hides the credentials of every URL in the text (passwords, NATS auth tokens, password query
 * parameters), keeping scheme, user, host and port: what an operator needs to fix a typo.
 * Every message that may name a server goes through this; secrets never reach logs or errors.
 */
export function redactUrlCredentials(text: string): string {
  return text
    .replace(URL_PASSWORD, `$1${REDACTED}@`)
    .replace(NATS_TOKEN, `$1${REDACTED}@`)
    .replace(QUERY_PASSWORD, `$1${REDACTED}`);
}
