/**
 * Reading how long a server wants us to wait.
 *
 * Understood, in this order:
 * 1. `Retry-After` (RFC 9110): delta-seconds (`120`) or an HTTP-date.
 * 2. `RateLimit-Reset` (IETF draft `ratelimit-headers`, older revisions): delta-seconds.
 * 3. `RateLimit` (same draft, revision 08+): the `t=` parameter, delta-seconds (`"default";r=0;t=30`).
 * 4. `X-RateLimit-Reset` and `X-Rate-Limit-Reset` (GitHub, Okta, Twitter: unix seconds; Atlassian:
 *    ISO 8601; some vendors: delta-seconds). A number above 10^12 is read as unix milliseconds,
 *    above 10^9 as unix seconds, otherwise as delta-seconds; anything else as a date.
 */

type Headers = Readonly<Record<string, string | undefined>>;

const NUMBER = /^\s*\d+(\.\d+)?\s*$/;

/** An HTTP-date (has a day or month name) or an ISO 8601 date; not just any text Date.parse accepts. */
const DATE_LIKE = /[a-z]{3}|^\s*\d{4}-\d{2}-\d{2}/i;

function dateDelta(value: string, nowMs: number): number | undefined {
  const at = DATE_LIKE.test(value) ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/** `Retry-After` in milliseconds from now; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (NUMBER.test(value)) return Math.round(Number(value) * 1000);
  return dateDelta(value, nowMs);
}

/** A reset value of unknown flavour (see the module comment), in milliseconds from now. */
export function parseResetValue(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!NUMBER.test(value)) return dateDelta(value, nowMs);
  const number = Number(value);
  if (number > 1e12) return Math.max(0, Math.round(number - nowMs));
  if (number > 1e9) return Math.max(0, Math.round(number * 1000 - nowMs));
  return Math.round(number * 1000);
}

/** A parameter of the structured `RateLimit` header, e.g. `t` or `r`. */
function rateLimitParam(headers: Headers, name: string): string | undefined {
  return new RegExp(`(?:^|;)\\s*${name}=(\\d+)`).exec(headers['ratelimit'] ?? '')?.[1];
}

/**
 * How long the server asked us to wait, in milliseconds from now, from `Retry-After` or, failing
 * that, from a rate-limit reset header; `undefined` when it did not say.
 */
export function requestedWaitMs(headers: Headers, nowMs: number): number | undefined {
  return parseRetryAfter(headers['retry-after'], nowMs) ?? rateLimitResetMs(headers, nowMs);
}

/** When the rate-limit window resets, in milliseconds from now, from the headers listed above. */
export function rateLimitResetMs(headers: Headers, nowMs: number): number | undefined {
  const draft = headers['ratelimit-reset'] ?? rateLimitParam(headers, 't');
  if (draft !== undefined && NUMBER.test(draft)) return Math.round(Number(draft) * 1000);
  return parseResetValue(headers['x-ratelimit-reset'] ?? headers['x-rate-limit-reset'], nowMs);
}

/**
 * Whether a (successful) response says the budget is spent: a remaining-count header of 0
 * (`RateLimit-Remaining`, `X-RateLimit-Remaining`, `X-Rate-Limit-Remaining`, `RateLimit: r=0`).
 */
export function rateLimitExhausted(headers: Headers): boolean {
  const remaining =
    headers['ratelimit-remaining'] ??
    rateLimitParam(headers, 'r') ??
    headers['x-ratelimit-remaining'] ??
    headers['x-rate-limit-remaining'];
  return remaining !== undefined && remaining.trim() === '0';
}
