import type { FieldError } from '@switchboard/errors';
import { ProblemDetailsException, problemType } from '@switchboard/platform';

/** 422 with one `{ path, message }` per problem of the flow definition. */
export function invalidFlow(errors: FieldError[]): ProblemDetailsException {
  return new ProblemDetailsException({
    type: problemType('validation'),
    title: 'Unprocessable Content',
    status: 422,
    detail:
      errors.length === 1
        ? `the flow has 1 problem: ${errors[0]!.path} ${errors[0]!.message}`
        : `the flow has ${errors.length} problems: ${errors.map((e) => e.path).join(', ')}`,
    errors,
  });
}

/** 412: the head moved between the If-Match check and the write (another change won the race). */
export function flowChangedUnderfoot(): ProblemDetailsException {
  return new ProblemDetailsException({
    type: problemType('precondition-failed'),
    title: 'Precondition Failed',
    status: 412,
    detail: 'The flow changed since you read it: GET it again and re-apply your change.',
  });
}
