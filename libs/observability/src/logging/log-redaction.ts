/** What replaces a redacted value in a log line. */
export const REDACTED = '[REDACTED]';

/** Secrets that travel in HTTP headers; pino-http logs `req.headers` and `res.headers`. */
const HEADER_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/** Field names that hold a secret wherever they appear in a logged object. */
const SECRET_KEYS = [
  'password',
  'secret',
  'token',
  'authorization',
  'Authorization',
  'cookie',
  '["x-api-key"]',
  'apiKey',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'privateKey',
  'masterKey',
  'adminKey',
];

/** `password` → `*.*.password`; bracketed keys attach without a dot: `["x-api-key"]` → `*.*["x-api-key"]`. */
function atDepth(key: string, depth: number): string {
  const wildcards = Array.from({ length: depth }, () => '*').join('.');
  if (wildcards === '') return key;
  return key.startsWith('[') ? `${wildcards}${key}` : `${wildcards}.${key}`;
}

/**
 * Paths pino censors before a line is written. pino's redaction is path-based, not recursive: a
 * secret key is covered at the top level and up to three levels deep (`{ req: { headers: … } }`,
 * `{ err: { config: { headers: … } } }`), which is where our objects put them.
 */
export const LOG_REDACT_PATHS: readonly string[] = [
  ...HEADER_PATHS,
  ...SECRET_KEYS.flatMap((key) => [0, 1, 2, 3].map((depth) => atDepth(key, depth))),
];
