import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@switchboard/auth';

/** What the admin API reads from an Express request: the guard's principal and pino-http's id. */
export interface AdminRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Set by the access guard once the key is authenticated. */
  principal?: Principal;
  /** Set by pino-http: the caller's `X-Request-Id` when sane, else a UUID. */
  id?: unknown;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id as logged and echoed in `X-Request-Id`. */
export function requestIdOf(request: AdminRequest): string | undefined {
  if (typeof request.id === 'string' || typeof request.id === 'number') return String(request.id);
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : undefined;
}

/** The authenticated caller. Only on `@Requires` routes: the guard has set it before the handler runs. */
export function principalOf(request: AdminRequest): Principal {
  if (!request.principal) {
    // A @Public route asking for a principal is a programming error, not a client one.
    throw new Error('No principal on this request: the route is not behind @Requires');
  }
  return request.principal;
}

/** Handler parameter: the authenticated caller (see {@link principalOf}). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  principalOf(context.switchToHttp().getRequest<AdminRequest>()),
);
