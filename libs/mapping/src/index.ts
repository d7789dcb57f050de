// @switchboard/mapping: mapping definitions (one shape into another), their validation against the
// source and target JSON Schemas, the compiler (generated code for plain rules, JSONata for the
// rest, cached per version), plain JavaScript for the common part of JSONata (also used by flow
// conditions) and preview on a sample payload.
import 'reflect-metadata';

export {
  FieldRuleSpec,
  MappingDefinition,
  MappingSourceSpec,
  MappingTargetSpec,
  MAPPING_NAME_PATTERN,
  MAX_FIELDS,
  MAX_MAP_ENTRIES,
  MAX_RULE_TEXT,
} from './definition/mapping-definition';
export type {
  ConstRule,
  ExpressionRule,
  FieldRule,
  FieldRuleKind,
  JsonValue,
  PathRule,
  TemplateRule,
  ValueMapRule,
} from './definition/mapping-definition';
export { formatPath, parsePath, isReservedName, rulePath } from './paths/field-path';
export type { PathParse, PathSegment } from './paths/field-path';
export { MappingCatalog, mappingCatalog } from './schema/mapping-catalog';
export type { MappingShape } from './schema/mapping-catalog';
export { resolveSchemaPath } from './schema/schema-navigator';
export type { Resolution, SchemaNode } from './schema/schema-navigator';
export { planMapping } from './validation/mapping-validator';
export type { PlanResult } from './validation/mapping-validator';
export { DEFAULT_MAPPING_CACHE_SIZE, MappingCompiler, runMapping } from './compiler/mapping-compiler';
export type { MappingCompilerOptions } from './compiler/mapping-compiler';
export type {
  AsyncCompiledMapping,
  CompiledMapping,
  CompileStrategy,
  MappingResult,
  SyncCompiledMapping,
} from './compiler/compiled-mapping';
export {
  compileExpression,
  DEFAULT_EXPRESSION_LIMITS,
  expressionErrorMessage,
} from './compiler/jsonata-expression';
export type { ExpressionLimits, JsonataExpression } from './compiler/jsonata-expression';
export { compileFastExpression, UNDECIDED } from './expressions/fast-expression';
export { holdsTruth } from './expressions/jsonata-values';
export type { FastExpression } from './expressions/fast-expression';
export { parseTemplate } from './compiler/template';
export type { TemplatePart } from './compiler/template';
export { previewMapping } from './preview/mapping-preview';
