import type { NextFunction, Request, Response } from 'express';

/** Deepest nesting of a parsed request body (objects and arrays) the apps accept by default. */
export const DEFAULT_MAX_BODY_DEPTH = 64;

/** A refused body, in the shape of a body-parser error so the problem details filter maps it. */
function bodyRejected(message: string): Error {
  return Object.assign(new Error(message), {
    status: 400,
    statusCode: 400,
    type: 'entity.shape.invalid',
    expose: true,
  });
}

/**
 * Why a parsed body is refused, or undefined. Walks without recursion, so a hostile body cannot
 * overflow the stack here; it exists because the DTO transformation and validation behind it do
 * recurse (a body nested 10 000 levels deep made them throw a RangeError, answered as a 500).
 * An own `__proto__` key (JSON.parse creates one) or `constructor.prototype` is refused rather than
 * silently dropped (class-transformer skips both, so the validation pipe never reported them).
 */
export function bodyShapeViolation(body: unknown, maxDepth = DEFAULT_MAX_BODY_DEPTH): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const stack: Array<[object, number]> = [[body, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (depth > maxDepth) return `the request body is nested deeper than ${maxDepth} levels`;
    if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, '__proto__'))
      return 'the request body must not contain a "__proto__" key';
    const ctor = (value as Record<string, unknown>).constructor;
    if (
      Object.prototype.hasOwnProperty.call(value, 'constructor') &&
      ctor !== null &&
      typeof ctor === 'object' &&
      Object.prototype.hasOwnProperty.call(ctor, 'prototype')
    )
      return 'the request body must not contain a "constructor.prototype" key';
    for (const child of Object.values(value))
      if (child !== null && typeof child === 'object') stack.push([child as object, depth + 1]);
  }
  return undefined;
}

/** Express middleware, installed right after the body parsers: refuses bodies {@link bodyShapeViolation} names. */
export function bodyShapeGuard(maxDepth = DEFAULT_MAX_BODY_DEPTH) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const violation = bodyShapeViolation(req.body, maxDepth);
    next(violation ? bodyRejected(violation) : undefined);
  };
}
