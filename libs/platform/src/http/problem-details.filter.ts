import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ErrorCode, isSwitchboardError, type SwitchboardError } from '@switchboard/errors';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problemType, type ProblemDetails } from './problem-details';
import { ProblemDetailsException } from './problem-details.exception';

/** HTTP status for each error code when a SwitchboardError reaches the HTTP edge. */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.Validation]: 400,
  [ErrorCode.Auth]: 401,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.Permanent]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Retryable]: 503,
};

/** Errors thrown by Express's body parsers (raw-body / body-parser) carry these. */
interface BodyParserError {
  status: number;
  type: string;
  expose?: boolean;
  message: string;
}

/**
 * Turns every error that reaches the HTTP edge into an RFC 9457 problem details response
 * (`application/problem+json`). 5xx answers never carry internal messages: the log has them,
 * tied to the response by `requestId`.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: unknown }>();
    const res = http.getResponse<Response>();

    const problem = toProblem(exception);
    problem.instance = req.originalUrl?.split('?')[0];
    if (typeof req.id === 'string' || typeof req.id === 'number') problem.requestId = String(req.id);

    if (problem.status >= 500) {
      this.logger.error(
        { err: exception, requestId: problem.requestId },
        `${req.method} ${problem.instance} failed`,
      );
    }
    if (res.headersSent) return;
    const retryAfterMs = isSwitchboardError(exception) ? exception.retryAfterMs : undefined;
    if (retryAfterMs !== undefined) res.setHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
    res.status(problem.status).setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    res.end(JSON.stringify(problem));
  }
}

/** The problem body for any thrown value (without `instance` / `requestId`). */
export function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof ProblemDetailsException) return { ...exception.problem };
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isSwitchboardError(exception)) return fromSwitchboardError(exception);
  if (isBodyParserError(exception)) return fromBodyParserError(exception);
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'An unexpected error occurred. The server log has the details under this requestId.',
  };
}

function fromHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const title = STATUS_CODES[status] ?? 'Error';
  let detail: string | undefined;
  if (status < 500) {
    if (typeof body === 'string') detail = body;
    else {
      const message = (body as { message?: unknown }).message;
      if (typeof message === 'string') detail = message;
      else if (Array.isArray(message)) detail = message.join('; ');
    }
  }
  return { type: 'about:blank', title, status, ...(detail && detail !== title ? { detail } : {}) };
}

function fromSwitchboardError(error: SwitchboardError): ProblemDetails {
  const status = STATUS_BY_CODE[error.code] ?? 500;
  return {
    type: problemType(error.code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    // A retryable failure is about a dependency (NATS, the database, a vendor): its message names
    // internal hosts, so clients only learn to come back later.
    detail: status >= 500 ? 'A dependency is temporarily unavailable; retry later.' : error.message,
    ...(error.fieldErrors?.length ? { errors: error.fieldErrors } : {}),
  };
}

function isBodyParserError(value: unknown): value is BodyParserError {
  return (
    value instanceof Error &&
    typeof (value as Partial<BodyParserError>).status === 'number' &&
    typeof (value as Partial<BodyParserError>).type === 'string'
  );
}

function fromBodyParserError(error: BodyParserError): ProblemDetails {
  const status = error.status >= 400 && error.status < 600 ? error.status : 400;
  // Malformed JSON never gets here: Nest turns that SyntaxError into a BadRequestException.
  const detail =
    error.type === 'entity.too.large'
      ? 'The request body is larger than the server accepts.'
      : error.expose
        ? error.message
        : undefined;
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
  };
}
