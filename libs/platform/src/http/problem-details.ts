import type { FieldError } from '@switchboard/errors';

/** Media type of every error response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs for Switchboard's own problems; plain HTTP errors use `about:blank`. */
export const PROBLEM_TYPE_PREFIX = 'urn:switchboard:problem:';

/**
 * An RFC 9457 problem details body. `errors` lists field-level validation failures;
 * `requestId` matches the `X-Request-Id` header and the server's log lines.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** `urn:switchboard:problem:<name>` */
export function problemType(name: string): string {
  return `${PROBLEM_TYPE_PREFIX}${name}`;
}
