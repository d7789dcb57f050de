import type { FieldError } from '@switchboard/errors';
import type { MappingDefinition } from '../definition/mapping-definition';
import type { MappingShape } from '../schema/mapping-catalog';

/** What running a mapping gives: the output, and one error per field that could not be set. */
export interface MappingResult {
  output: Record<string, unknown>;
  /** `{ path: 'fields.priority', message: … }`; a failing field never stops the others. */
  errors: FieldError[];
}

/**
 * How plain rules are turned into code. `codegen`: one function generated with `new Function`
 * (every path segment validated, every name and value emitted as a JSON literal), the faster;
 * `closures`: precomputed accessor closures, used where code generation from strings is disabled.
 */
export type CompileStrategy = 'codegen' | 'closures';

interface CompiledMappingBase {
  readonly definition: MappingDefinition;
  /** What the output is validated against in a preview; undefined for a free-form target. */
  readonly target: MappingShape | undefined;
  readonly strategy: CompileStrategy;
}

/** A mapping without JSONata: runs synchronously. */
export interface SyncCompiledMapping extends CompiledMappingBase {
  readonly isAsync: false;
  run(source: unknown): MappingResult;
}

/** A mapping with JSONata expressions: jsonata 2.x evaluates asynchronously. */
export interface AsyncCompiledMapping extends CompiledMappingBase {
  readonly isAsync: true;
  run(source: unknown): Promise<MappingResult>;
}

/** A compiled mapping; `isAsync` says whether `run` returns a promise. */
export type CompiledMapping = SyncCompiledMapping | AsyncCompiledMapping;

/** The signature both strategies compile the plain rules into. */
export type SyncMapper = (source: unknown) => MappingResult;
