import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@switchboard/errors';
import { problemType } from './problem-details';
import { ProblemDetailsException } from './problem-details.exception';

/**
 * The one validation pipe of every app: unknown properties are rejected (not silently dropped),
 * payloads become DTO instances, and strings are never coerced into numbers or booleans behind
 * the caller's back. Failures become a 400 problem with one `{ path, message }` per field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      return new ProblemDetailsException({
        type: problemType('validation'),
        title: 'Invalid request',
        status: 400,
        detail:
          fieldErrors.length === 1
            ? `1 field is invalid: ${fieldErrors[0].path}`
            : `${fieldErrors.length} fields are invalid: ${fieldErrors.map((e) => e.path).join(', ')}`,
        errors: fieldErrors,
      });
    },
  });
}

/** class-validator's error tree as dotted paths (`items.0.name`), one entry per failed constraint. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}
