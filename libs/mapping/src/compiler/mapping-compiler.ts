import { SwitchboardError, type FieldError } from '@switchboard/errors';
import { mappingCatalog, type MappingCatalog } from '../schema/mapping-catalog';
import { planMapping } from '../validation/mapping-validator';
import { compileWithClosures } from './closure-compiler';
import { compileWithCodegen } from './codegen-compiler';
import type { CompileStrategy, CompiledMapping, MappingResult, SyncMapper } from './compiled-mapping';
import { withExpressions } from './expression-runner';
import { DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from './jsonata-expression';
import type { MappingPlan } from './mapping-plan';

export interface MappingCompilerOptions {
  /** Where sources and targets are looked up; the process-wide `mappingCatalog` by default. */
  catalog?: MappingCatalog;
  /** `codegen` (default, falls back to `closures` where code generation is disabled) or `closures`. */
  strategy?: CompileStrategy;
  /** How many compiled versions {@link MappingCompiler.compileVersion} keeps (least recently used go first). */
  cacheSize?: number;
  expressionLimits?: Partial<ExpressionLimits>;
  /**
   * Run the JSONata that the fast subset covers as plain JavaScript (default true). Off, every
   * expression goes through JSONata's interpreter: for comparisons (bench:mapping).
   */
  fastExpressions?: boolean;
}

export const DEFAULT_MAPPING_CACHE_SIZE = 1_000;

/**
 * Validates and compiles mappings. `compile` validates, then builds a function from the plain rules
 * (generated code by default) and parses each JSONata expression once; `compileVersion` does it
 * once per mapping id + version and keeps the result, since a version never changes.
 */
export class MappingCompiler {
  private readonly catalog: MappingCatalog;
  private readonly limits: ExpressionLimits;
  private readonly cacheSize: number;
  private strategy: CompileStrategy;
  private readonly fastExpressions: boolean;
  private readonly cache = new Map<string, CompiledMapping>();

  constructor(options: MappingCompilerOptions = {}) {
    this.catalog = options.catalog ?? mappingCatalog;
    this.strategy = options.strategy ?? 'codegen';
    this.cacheSize = options.cacheSize ?? DEFAULT_MAPPING_CACHE_SIZE;
    this.limits = { ...DEFAULT_EXPRESSION_LIMITS, ...options.expressionLimits };
    this.fastExpressions = options.fastExpressions ?? true;
  }

  /** Every error in a definition (empty when it is valid), path-qualified. */
  validate(definition: unknown): FieldError[] {
    return planMapping(definition, this.catalog, this.limits).errors;
  }

  /**
   * Validates and compiles a definition.
   * @throws SwitchboardError `validation` with `fieldErrors` when it is not valid.
   */
  compile(definition: unknown): CompiledMapping {
    const { plan, errors } = planMapping(definition, this.catalog, this.limits);
    if (!plan) throw SwitchboardError.validation('Invalid mapping', errors);
    return this.build(plan);
  }

  /** {@link compile}, once per mapping version: later calls for the same id and version hit the cache. */
  compileVersion(id: string, version: number, definition: unknown): CompiledMapping {
    const key = `${id}@${version}`;
    const cached = this.cache.get(key);
    if (cached) {
      // Re-inserted, so the Map's order is least recently used first.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const compiled = this.compile(definition);
    this.cache.set(key, compiled);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return compiled;
  }

  /** How many compiled versions are cached. */
  get cached(): number {
    return this.cache.size;
  }

  private build(plan: MappingPlan): CompiledMapping {
    const plain = this.plainMapper(plan);
    const expressions = plan.fields.filter((field) => field.kind === 'expr');
    const base = { definition: plan.definition, target: plan.target, strategy: this.strategy };
    if (expressions.length === 0) return { ...base, isAsync: false, run: plain };
    return {
      ...base,
      isAsync: true,
      run: withExpressions(plain, expressions, this.fastExpressions ? this.limits : undefined),
    };
  }

  private plainMapper(plan: MappingPlan): SyncMapper {
    if (this.strategy === 'codegen') {
      try {
        return compileWithCodegen(plan.fields);
      } catch (error) {
        // `node --disallow-code-generation-from-strings` (or a CSP) forbids new Function: use
        // closures from now on. Anything else is a bug worth hearing about.
        if (!(error instanceof EvalError)) throw error;
        this.strategy = 'closures';
      }
    }
    return compileWithClosures(plan.fields);
  }
}

/** Runs a compiled mapping whichever kind it is. */
export async function runMapping(mapping: CompiledMapping, source: unknown): Promise<MappingResult> {
  return mapping.run(source);
}
