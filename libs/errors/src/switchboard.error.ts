import { ErrorCode, RETRYABLE_CODES } from './error-code';

/** A path-qualified validation failure, e.g. `{ path: 'data.severity', message: 'must be one of …' }`. */
export interface FieldError {
  path: string;
  message: string;
}

export interface SwitchboardErrorOptions {
  /** For `rate_limited` (and optionally `retryable`): how long the remote asked us to wait. */
  retryAfterMs?: number;
  /** Path-qualified details, for `validation`. */
  fieldErrors?: FieldError[];
  /** The vendor's or library's own error, kept for logs. Never shown to API clients verbatim. */
  cause?: unknown;
}

/**
 * The one error class of the hub. Carry a code from {@link ErrorCode}; the code, not the class
 * or the message, decides what happens next.
 */
export class SwitchboardError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterMs?: number;
  readonly fieldErrors?: FieldError[];

  constructor(code: ErrorCode, message: string, options: SwitchboardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SwitchboardError';
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
    this.fieldErrors = options.fieldErrors;
  }

  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.code);
  }

  static retryable(message: string, options?: SwitchboardErrorOptions): SwitchboardError {
    return new SwitchboardError(ErrorCode.Retryable, message, options);
  }

  static permanent(message: string, options?: SwitchboardErrorOptions): SwitchboardError {
    return new SwitchboardError(ErrorCode.Permanent, message, options);
  }

  static validation(
    message: string,
    fieldErrors: FieldError[],
    options?: SwitchboardErrorOptions,
  ): SwitchboardError {
    return new SwitchboardError(ErrorCode.Validation, message, { ...options, fieldErrors });
  }

  static conflict(message: string, options?: SwitchboardErrorOptions): SwitchboardError {
    return new SwitchboardError(ErrorCode.Conflict, message, options);
  }

  static notFound(message: string, options?: SwitchboardErrorOptions): SwitchboardError {
    return new SwitchboardError(ErrorCode.NotFound, message, options);
  }

  static auth(message: string, options?: SwitchboardErrorOptions): SwitchboardError {
    return new SwitchboardError(ErrorCode.Auth, message, options);
  }

  static rateLimited(
    message: string,
    retryAfterMs?: number,
    options?: SwitchboardErrorOptions,
  ): SwitchboardError {
    return new SwitchboardError(ErrorCode.RateLimited, message, { ...options, retryAfterMs });
  }
}

export function isSwitchboardError(error: unknown): error is SwitchboardError {
  return error instanceof SwitchboardError;
}

/**
 * How a failure should be treated when its origin did not classify it. Unknown errors are
 * treated as transient: the bus retries them with backoff and dead-letters them once the
 * delivery budget is spent, so a bug never loses a message and never retries forever.
 */
export function errorCodeOf(error: unknown): ErrorCode {
  return isSwitchboardError(error) ? error.code : ErrorCode.Retryable;
}
