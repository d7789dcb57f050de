import type { FieldError } from '@switchboard/errors';
import { ProblemDetailsException, problemType } from '@switchboard/platform';

/** 422: the request is well-formed but what it describes cannot be saved; one error per problem. */
export function unprocessableContent(detail: string, errors: FieldError[]): ProblemDetailsException {
  return new ProblemDetailsException({
    type: problemType('validation'),
    title: 'Unprocessable Content',
    status: 422,
    detail,
    errors,
  });
}

/** 412: the resource is no longer the version the caller read. */
export function preconditionFailed(detail: string): ProblemDetailsException {
  return new ProblemDetailsException({
    type: problemType('precondition-failed'),
    title: 'Precondition Failed',
    status: 412,
    detail,
  });
}
