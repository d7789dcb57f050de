import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ProblemDetailsException, problemType } from '@switchboard/platform';
import type { Response } from 'express';
import { ProblemDto } from './problem.dto';
import { preconditionFailed } from './problems';

/** The ETag of a versioned resource: `W/"<version>"`. */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/** Where a handler's headers go: the response of a `@Res({ passthrough: true })` parameter. */
type HeaderTarget = Pick<Response, 'setHeader'>;

/** Answers with a versioned resource: its ETag header (what a later If-Match needs), and the view. */
export function withETag<View>(response: HeaderTarget, version: number, view: View): View {
  response.setHeader('ETag', etagOf(version));
  return view;
}

/** Answers a create (201) of a versioned resource: its ETag, and `Location: <collection>/<id>`. */
export function createdWithETag<View extends { id: string }>(
  response: HeaderTarget,
  collection: string,
  version: number,
  view: View,
): View {
  withETag(response, version, view);
  response.setHeader('Location', `${collection}/${view.id}`);
  return view;
}

/**
 * Changes to versioned resources must say which version they change (`If-Match: <ETag>`), so two
 * admins editing at once cannot silently overwrite each other. Missing → 428, any other version →
 * 412. `*` is refused like a missing header: it would defeat the point. The `W/` prefix is
 * optional when comparing (our tags are the version number either way).
 */
export function assertIfMatch(ifMatch: string | undefined, currentVersion: number): void {
  const tags = (ifMatch ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '' && tag !== '*');
  if (tags.length === 0) {
    throw new ProblemDetailsException({
      type: problemType('precondition-required'),
      title: 'Precondition Required',
      status: 428,
      detail: 'send If-Match with the ETag of the resource you are changing (from its GET)',
    });
  }
  const current = etagOf(currentVersion);
  if (!tags.some((tag) => tag === current || `W/${tag}` === current)) {
    throw preconditionFailed(
      `the resource has changed: its ETag is now ${current}; fetch it again and retry`,
    );
  }
}

/** OpenAPI: the route requires `If-Match` and may answer 412 / 428. */
export function ApiIfMatch(): MethodDecorator {
  return applyDecorators(
    ApiHeader({ name: 'If-Match', required: true, description: 'The ETag from the GET', example: 'W/"1"' }),
    ApiResponse({ status: 412, description: 'The ETag is stale', type: ProblemDto }),
    ApiResponse({ status: 428, description: 'If-Match is missing', type: ProblemDto }),
  );
}
