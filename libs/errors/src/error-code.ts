/**
 * One error taxonomy for the whole hub. Connectors map vendor errors into these codes; the bus
 * maps codes to a delivery decision (ack, retry later, dead-letter); the admin API maps them to
 * HTTP problem details. Never match on error message text: match on the code.
 */
export enum ErrorCode {
  /** Transient: network blip, 5xx, timeout. Try again later with backoff. */
  Retryable = 'retryable',
  /** The remote asked us to slow down (429 / 503 with Retry-After). Retry after the given delay. */
  RateLimited = 'rate_limited',
  /** Will fail the same way every time: bad request, unsupported operation, poison message. */
  Permanent = 'permanent',
  /** Credentials missing, wrong or expired. Retrying will not help until an admin acts. */
  Auth = 'auth',
  /** The thing addressed does not exist. */
  NotFound = 'not_found',
  /** A concurrent change or an existing duplicate. */
  Conflict = 'conflict',
  /** The input does not satisfy the schema. */
  Validation = 'validation',
}

/** Codes that a later attempt may succeed on. Everything else is dead-lettered at once. */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([ErrorCode.Retryable, ErrorCode.RateLimited]);
