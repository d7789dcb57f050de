import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import type { FieldError } from '@switchboard/errors';
import type { HttpMethod } from './http-request';

/**
 * Why a request failed, beyond its error code:
 * - `status`: the server answered with a non-success status;
 * - `network`: no usable answer (connection refused or reset, DNS failure, TLS error);
 * - `timeout`: no complete answer within the timeout;
 * - `circuit_open`: not sent, the circuit breaker is open;
 * - `rate_limited`: not sent, the instance is rate limited for longer than the client waits;
 * - `refused`: not sent, the destination is not allowed (host allow-list, link-local, metadata),
 *   or the client is closed;
 * - `auth`: not sent, the auth function failed (e.g. a token refresh was rejected);
 * - `aborted`: cancelled by the caller's signal.
 */
export type HttpFailureKind =
  'status' | 'network' | 'timeout' | 'circuit_open' | 'rate_limited' | 'refused' | 'auth' | 'aborted';

/** Everything known about a failed request, with secrets already redacted. */
export interface HttpErrorDetails {
  kind: HttpFailureKind;
  method: HttpMethod;
  /** Path and query parameter names (never values), as in the message. */
  path: string;
  /** The HTTP status, when the server answered. */
  status?: number;
  /** The vendor's own explanation, from the error body, truncated and redacted. */
  vendorMessage?: string;
  /** The parsed error body, redacted (sensitive keys censored, secret values replaced). */
  body?: unknown;
  /** Node or library error code for transport failures, e.g. `ECONNREFUSED`. */
  transportCode?: string;
  /** Attempts made before giving up. */
  attempts: number;
}

/** Constructor options of {@link ConnectorHttpError}. */
export interface ConnectorHttpErrorOptions {
  retryAfterMs?: number;
  fieldErrors?: FieldError[];
  cause?: unknown;
}

/**
 * A failed vendor HTTP call, as a {@link SwitchboardError}: the code tells the bus what to do
 * (retry later, retry after `retryAfterMs`, dead-letter, ask an admin), `details` tells a human
 * what happened. Messages read `GET /rest/api/2/issue/ABC-1 failed with 404: <vendor message>`.
 * Nothing in it contains a configured secret.
 */
export class ConnectorHttpError extends SwitchboardError {
  readonly details: HttpErrorDetails;

  constructor(
    code: ErrorCode,
    message: string,
    details: HttpErrorDetails,
    options: ConnectorHttpErrorOptions = {},
  ) {
    super(code, message, options);
    this.name = 'ConnectorHttpError';
    this.details = details;
  }

  /** The HTTP status, when the server answered. */
  get status(): number | undefined {
    return this.details.status;
  }

  /** A copy with another code, wait and message suffix, e.g. when a 503's Retry-After is too long to wait. */
  withCode(code: ErrorCode, retryAfterMs: number | undefined, note: string): ConnectorHttpError {
    return new ConnectorHttpError(code, `${this.message} (${note})`, this.details, {
      retryAfterMs,
      fieldErrors: this.fieldErrors,
      cause: this.cause,
    });
  }
}

/** Type guard for {@link ConnectorHttpError}. */
export function isConnectorHttpError(error: unknown): error is ConnectorHttpError {
  return error instanceof ConnectorHttpError;
}

/**
 * The error code of a non-success status: 401/403 auth, 404/410 not_found, 409/412 conflict,
 * 400/422 validation, 429 rate_limited, 408 and 5xx retryable (except 501 Not Implemented,
 * which will not start working on its own), any other 4xx (and unfollowed 3xx) permanent.
 */
export function errorCodeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 422:
      return ErrorCode.Validation;
    case 401:
    case 403:
      return ErrorCode.Auth;
    case 404:
    case 410:
      return ErrorCode.NotFound;
    case 409:
    case 412:
      return ErrorCode.Conflict;
    case 408:
      return ErrorCode.Retryable;
    case 429:
      return ErrorCode.RateLimited;
    case 501:
      return ErrorCode.Permanent;
  }
  return status >= 500 ? ErrorCode.Retryable : ErrorCode.Permanent;
}
