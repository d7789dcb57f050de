import type { FieldRuleKind, JsonValue, MappingDefinition } from '../definition/mapping-definition';
import type { PathSegment } from '../paths/field-path';
import type { MappingShape } from '../schema/mapping-catalog';
import type { JsonataExpression } from './jsonata-expression';
import type { TemplatePart } from './template';

/** One validated rule, ready to compile. */
export interface FieldPlan {
  /** The target path as written in `fields`. */
  key: string;
  /** Where errors about it are reported: `fields.title`. */
  errorPath: string;
  target: PathSegment[];
  kind: FieldRuleKind;
  /** `from` and `map` rules: the source path, parsed and as written. */
  from?: PathSegment[];
  fromText?: string;
  /** `const` rules. */
  value?: JsonValue;
  /** `map` rules: source value as text → target value. */
  map?: ReadonlyMap<string, JsonValue>;
  hasDefault: boolean;
  default?: JsonValue;
  required: boolean;
  expression?: JsonataExpression;
  template?: TemplatePart[];
}

/** A mapping that passed validation: what the compilers build from. */
export interface MappingPlan {
  definition: MappingDefinition;
  source: MappingShape | undefined;
  /** Undefined for a free-form target. */
  target: MappingShape | undefined;
  fields: FieldPlan[];
}
