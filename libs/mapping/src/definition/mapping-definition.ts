import { IsText, Nested } from '@switchboard/events';
import { Allow, IsBoolean, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** A JSON value, as mappings read and write them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Longest expression or template, in characters. */
export const MAX_RULE_TEXT = 10_000;
/** Most fields one mapping may set. */
export const MAX_FIELDS = 500;
/** Most entries one value map may have. */
export const MAX_MAP_ENTRIES = 1_000;

/** Names of mappings: like connector instance names. */
export const MAPPING_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;

/**
 * What a mapping reads. `event`: a registered event type; the mapping reads the whole CloudEvent,
 * so paths start at the envelope (`data.title`, `subject`, `tenantid`). `shape`: a named canonical
 * shape (`alert`, `ticket`, …, see `MappingCatalog.shapes()`); paths start at its fields (`title`).
 */
export class MappingSourceSpec {
  @IsOptional()
  @IsText()
  @MaxLength(200)
  event?: string;

  @IsOptional()
  @IsText()
  @MaxLength(100)
  shape?: string;
}

/**
 * What a mapping produces. `command`: the input of a connector command (`ticket.create` →
 * `TicketCreateInput`); `shape`: a named canonical shape; `free: true`: any object (no target
 * checks, no output validation).
 */
export class MappingTargetSpec {
  @IsOptional()
  @IsText()
  @MaxLength(100)
  command?: string;

  @IsOptional()
  @IsText()
  @MaxLength(100)
  shape?: string;

  @IsOptional()
  @IsIn([true], { message: 'must be true (or left out)' })
  free?: true;
}

/**
 * One rule of `fields`, keyed by its target path. Exactly one of `from`, `const`, `expr`,
 * `template`; `map` only with `from`.
 */
export class FieldRuleSpec {
  /** A path into the source: `data.title`, `data.links[0].href`, `data.labels["app/name"]`. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  from?: string;

  /** A fixed JSON value. */
  @Allow()
  const?: JsonValue;

  /** Value map, applied to the value `from` reads: source value (as text) → target value. */
  @IsOptional()
  @IsObject()
  map?: Record<string, JsonValue>;

  /** A JSONata expression evaluated against the whole source. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_RULE_TEXT)
  expr?: string;

  /** Text with `{{path}}` placeholders, e.g. `Alert {{data.title}} on {{data.resource.host}}`. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_RULE_TEXT)
  template?: string;

  /** Used when `from`, `map` or `expr` yields nothing (missing, null, unmapped). */
  @Allow()
  default?: JsonValue;

  /** The field must get a value: when it does not, the run reports an error for it. */
  @IsOptional()
  @IsBoolean()
  required?: boolean;
}

/**
 * A mapping: how to turn one shape into another (an alert event into `ticket.create` input now,
 * ticket into ticket for sync later). Plain JSON or YAML; validated by `validateMapping` and
 * compiled by `MappingCompiler`.
 *
 * ```json
 * {
 *   "name": "alert-to-ticket",
 *   "source": { "event": "io.switchboard.ops.alert.triggered.v1" },
 *   "target": { "command": "ticket.create" },
 *   "fields": {
 *     "title": { "template": "[{{data.severity}}] {{data.title}} on {{data.resource.host}}" },
 *     "description": { "from": "data.description", "default": "(no description)" },
 *     "priority": { "from": "data.severity", "map": { "critical": "critical", "high": "high" }, "default": "low" },
 *     "kind": { "const": "incident" },
 *     "labels": { "expr": "$keys(data.labels)" }
 *   }
 * }
 * ```
 */
export class MappingDefinition {
  @IsText()
  @MaxLength(100)
  @Matches(MAPPING_NAME_PATTERN, {
    message: 'must start with a letter or digit and contain letters, digits, space, ., _ or -',
  })
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @Nested(() => MappingSourceSpec)
  source!: MappingSourceSpec;

  @Nested(() => MappingTargetSpec)
  target!: MappingTargetSpec;

  /** Target path → rule. */
  @IsObject()
  fields!: Record<string, FieldRule>;
}

/** `{ from }`, optionally with `default` and `required`. */
export interface PathRule {
  from: string;
  default?: JsonValue;
  required?: boolean;
}

/** `{ from, map }`: a value map, optionally with `default` for values it does not list. */
export interface ValueMapRule {
  from: string;
  map: Record<string, JsonValue>;
  default?: JsonValue;
  required?: boolean;
}

/** `{ const }`: a fixed value. */
export interface ConstRule {
  const: JsonValue;
  required?: boolean;
}

/** `{ expr }`: a JSONata expression over the whole source. */
export interface ExpressionRule {
  expr: string;
  default?: JsonValue;
  required?: boolean;
}

/** `{ template }`: text with `{{path}}` placeholders (missing values read as empty text). */
export interface TemplateRule {
  template: string;
  required?: boolean;
}

/** One rule of a mapping's `fields`. */
export type FieldRule = PathRule | ValueMapRule | ConstRule | ExpressionRule | TemplateRule;

/** What kind of rule a `fields` entry is. */
export type FieldRuleKind = 'from' | 'map' | 'const' | 'expr' | 'template';
