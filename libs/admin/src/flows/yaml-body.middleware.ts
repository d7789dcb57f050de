import { Injectable, type NestMiddleware } from '@nestjs/common';
import { SwitchboardError } from '@switchboard/errors';
import { bodyShapeViolation, ProblemDetailsException, readBody } from '@switchboard/platform';
import type { NextFunction, Request, Response } from 'express';
import { parseDocument } from 'yaml';

/** Media types of YAML request bodies. */
export const YAML_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** The same limits the platform applies to JSON bodies (size, nesting). */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
/** Aliases let a small document expand enormously ("billion laughs"): flows need few, if any. */
const MAX_ALIASES = 100;

function mediaType(header: string | undefined): { type: string; charset?: string } {
  const [type = '', ...parameters] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  return { type, ...(charset ? { charset } : {}) };
}

function refused(message: string): SwitchboardError {
  return SwitchboardError.validation(`Invalid YAML body: ${message}`, [{ path: 'body', message }]);
}

/**
 * A YAML document (one, a mapping at the top) as the plain JSON value it describes. YAML 1.2 core
 * schema: `yes` stays a string, no custom tags (an unknown tag is refused, not ignored), unique
 * keys, at most {@link MAX_ALIASES} aliases.
 */
export function parseYamlBody(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    const document = parseDocument(text, { uniqueKeys: true, logLevel: 'silent' });
    const problem = document.errors[0] ?? document.warnings[0];
    // The library's messages quote the offending lines after a colon: the position is enough.
    if (problem) throw refused(problem.message.split('\n', 1)[0]!.replace(/:$/, ''));
    value = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (error instanceof SwitchboardError) throw error;
    // RangeError: the parser ran out of stack (absurd nesting); ReferenceError: the alias limit.
    if (error instanceof RangeError) throw refused(`nested deeper than ${MAX_DEPTH} levels`);
    if (error instanceof ReferenceError) throw refused(`expands aliases too often (at most ${MAX_ALIASES})`);
    throw refused('it does not parse');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw refused('the document must be a mapping (the same fields as the JSON body)');
  // The same shape rules as JSON bodies (the platform's guard ran before YAML was parsed).
  const violation = bodyShapeViolation(value, MAX_DEPTH);
  if (violation) throw refused(violation.replace(/^the request body /, ''));
  return value as Record<string, unknown>;
}

/**
 * Lets the flow routes take their body as YAML (`Content-Type: application/yaml`): the body is read
 * within the JSON size limit, parsed into JSON, and from there validated exactly like a JSON body.
 * Other media types pass untouched.
 */
@Injectable()
export class YamlBodyMiddleware implements NestMiddleware {
  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    const { type, charset } = mediaType(req.headers['content-type']);
    if (!YAML_MEDIA_TYPES.includes(type)) return next();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
      throw new ProblemDetailsException({
        type: 'about:blank',
        title: 'Unsupported Media Type',
        status: 415,
        detail: `YAML bodies must be UTF-8, not ${charset}`,
      });
    const read = await readBody(req, MAX_BODY_BYTES);
    if (!read.ok)
      throw read.failure === 'too_large'
        ? new ProblemDetailsException({
            type: 'about:blank',
            title: 'Payload Too Large',
            status: 413,
            detail: 'The request body is larger than the server accepts.',
          })
        : refused('the request body could not be read');
    req.body = parseYamlBody(read.body.toString('utf8'));
    next();
  }
}
