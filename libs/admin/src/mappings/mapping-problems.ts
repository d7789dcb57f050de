import type { FieldError } from '@switchboard/errors';
import { ProblemDetailsException, problemType } from '@switchboard/platform';

/** 422 with one `{ path, message }` per problem in the definition. */
export function unprocessable(errors: FieldError[]): ProblemDetailsException {
  return new ProblemDetailsException({
    type: problemType('validation'),
    title: 'Unprocessable Content',
    status: 422,
    detail:
      errors.length === 1
        ? `the mapping has 1 problem: ${errors[0]!.path} ${errors[0]!.message}`
        : `the mapping has ${errors.length} problems: ${errors.map((e) => e.path).join(', ')}`,
    errors,
  });
}

export function preconditionFailed(): ProblemDetailsException {
  return new ProblemDetailsException({
    type: problemType('precondition-failed'),
    title: 'Precondition Failed',
    status: 412,
    detail: 'The mapping changed since you read it: GET it again and re-apply your change.',
  });
}

export function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ??
    (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
