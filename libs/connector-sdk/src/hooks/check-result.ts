import { ErrorCode, isSwitchboardError } from '@switchboard/errors';
import type { CheckResult } from './connector-hooks';

/** A passing check, with what the tool said about itself. */
export function checkPassed(detail: string, remote?: Record<string, string>): CheckResult {
  return { ok: true, status: 'ok', detail, ...(remote ? { remote } : {}) };
}

/**
 * The failed check an error stands for: `auth` → auth_failed, `rate_limited` (with its wait),
 * `not_found`/`validation`/`permanent`/`conflict` → misconfigured, anything else → unreachable.
 * The detail is the error's message, which the platform's HTTP client has already redacted.
 */
export function checkFailed(error: unknown, context = 'The check failed'): CheckResult {
  const message = error instanceof Error ? error.message : String(error);
  const code = isSwitchboardError(error) ? error.code : ErrorCode.Retryable;
  switch (code) {
    case ErrorCode.Auth:
      return {
        ok: false,
        status: 'auth_failed',
        detail: `${context}: the credentials were refused (${message})`,
      };
    case ErrorCode.RateLimited:
      return {
        ok: false,
        status: 'rate_limited',
        detail: `${context}: rate limited by the tool (${message})`,
        ...(isSwitchboardError(error) && error.retryAfterMs !== undefined
          ? { retryAfterMs: error.retryAfterMs }
          : {}),
      };
    case ErrorCode.NotFound:
    case ErrorCode.Validation:
    case ErrorCode.Permanent:
    case ErrorCode.Conflict:
      return { ok: false, status: 'misconfigured', detail: `${context}: ${message}` };
    default:
      return { ok: false, status: 'unreachable', detail: `${context}: ${message}` };
  }
}
