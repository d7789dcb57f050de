import { HttpException } from '@nestjs/common';
import type { ProblemDetails } from './problem-details';

/**
 * An HTTP error that already knows its RFC 9457 body. Throw it from controllers (or build it in a
 * pipe) when the default mapping of {@link ProblemDetailsFilter} is not specific enough.
 */
export class ProblemDetailsException extends HttpException {
  constructor(readonly problem: ProblemDetails) {
    super(problem, problem.status);
  }
}
