import { ApiProperty, ApiPropertyOptional, getSchemaPath, PartialType } from '@nestjs/swagger';
import type { FieldError } from '@switchboard/errors';
import { MAPPING_NAME_PATTERN, type FieldRule, type JsonValue } from '@switchboard/mapping';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

// Request bodies. The HTTP layer checks their shape (400 for a wrong type or an unknown property);
// what a definition means (known event type, source fields, value maps, JSONata…) is checked by
// @switchboard/mapping and answered with 422 and one error per problem.

const EXAMPLE_FIELDS: Record<string, FieldRule> = {
  title: { template: '[{{data.severity}}] {{data.title}} on {{data.resource.host}}' },
  description: { from: 'data.description', default: '(no description)' },
  priority: {
    from: 'data.severity',
    map: { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'planning' },
  },
  kind: { const: 'incident' },
  labels: { expr: '[$keys(data.labels)]' },
};

/** What a mapping reads: exactly one of `event` or `shape`. */
export class MappingSourceDto {
  @ApiPropertyOptional({
    description: 'A registered event type; paths start at the CloudEvent (`data.title`, `subject`).',
    example: 'io.switchboard.ops.alert.triggered.v1',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  event?: string;

  @ApiPropertyOptional({
    description: 'A canonical shape: alert, ticket, comment, ci, user, group, cloud-resource, change.',
    example: 'ticket',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  shape?: string;
}

/** What a mapping produces: exactly one of `command`, `shape` or `free`. */
export class MappingTargetDto {
  @ApiPropertyOptional({
    description: 'A connector command: the output is its input (validated against the input class).',
    example: 'ticket.create',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  command?: string;

  @ApiPropertyOptional({ description: 'A canonical shape, as for the source.', example: 'ticket' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  shape?: string;

  @ApiPropertyOptional({ description: 'Any object: target paths are not checked.', example: true })
  @IsOptional()
  @IsIn([true], { message: 'free must be true (or left out)' })
  free?: true;
}

/**
 * One rule of `fields` (documentation only: rules are checked by the mapping validator). Exactly one
 * of `from`, `const`, `expr`, `template`; `map` goes with `from`.
 */
export class FieldRuleDto {
  @ApiPropertyOptional({
    description: 'A path into the source: dots, `[n]` for list items, `["…"]` for odd names.',
    example: 'data.severity',
  })
  from?: string;

  @ApiPropertyOptional({ description: 'A fixed JSON value.', example: 'incident' })
  const?: JsonValue;

  @ApiPropertyOptional({
    description: 'Value map for `from`: source value (as text) → target value.',
    type: 'object',
    additionalProperties: true,
    example: { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'planning' },
  })
  map?: Record<string, JsonValue>;

  @ApiPropertyOptional({
    description: 'A JSONata expression over the whole source.',
    example: '[$keys(data.labels)]',
  })
  expr?: string;

  @ApiPropertyOptional({
    description: 'Text with `{{path}}` placeholders; missing values read as empty text.',
    example: 'Alert {{data.title}} on {{data.resource.host}}',
  })
  template?: string;

  @ApiPropertyOptional({
    description: 'Used when `from`, `map` or `expr` gives nothing (missing, null, unmapped).',
    example: 'low',
  })
  default?: JsonValue;

  @ApiPropertyOptional({
    description: 'A run reports an error when the field gets no value.',
    example: false,
  })
  required?: boolean;
}

export class CreateMappingDto {
  @ApiProperty({ description: 'Unique in the tenant.', example: 'alert-to-ticket', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  @Matches(MAPPING_NAME_PATTERN, {
    message: 'name must start with a letter or digit and contain letters, digits, space, ., _ or -',
  })
  name!: string;

  @ApiPropertyOptional({
    description: 'What it is for. On update, null removes it.',
    example: 'Opens an incident for a triggered alert.',
    maxLength: 2000,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ type: MappingSourceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MappingSourceDto)
  source!: MappingSourceDto;

  @ApiProperty({ type: MappingTargetDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MappingTargetDto)
  target!: MappingTargetDto;

  @ApiProperty({
    description: 'Target path → rule.',
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(FieldRuleDto) },
    example: EXAMPLE_FIELDS,
  })
  @IsObject()
  fields!: Record<string, FieldRule>;
}

/**
 * A change to a mapping; every change that alters the definition makes a new version. A field
 * given replaces the current one whole (`fields` too); `description: null` removes it.
 */
export class UpdateMappingDto extends PartialType(CreateMappingDto) {}

export class PreviewMappingDto {
  @ApiProperty({
    description: 'The payload to run the mapping on: for an event source, the whole CloudEvent.',
    type: 'object',
    additionalProperties: true,
    example: {
      type: 'io.switchboard.ops.alert.triggered.v1',
      subject: '5f2c9a1e7b3d4c10',
      data: {
        dedupKey: '5f2c9a1e7b3d4c10',
        status: 'triggered',
        severity: 'high',
        title: 'Disk almost full',
      },
    },
  })
  @IsDefined()
  sample!: unknown;

  @ApiPropertyOptional({
    description: 'The version to run; the current one by default.',
    example: 2,
    minimum: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/** A mapping as the API returns it: the head and its current version's definition. */
export interface MappingView {
  id: string;
  name: string;
  description: string | null;
  source: Record<string, unknown>;
  target: Record<string, unknown>;
  fields: Record<string, FieldRule>;
  /** The current version; the ETag is `W/"<version>"`. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One immutable version of a mapping. */
export interface MappingVersionView {
  mappingId: string;
  version: number;
  name: string;
  description: string | null;
  source: Record<string, unknown>;
  target: Record<string, unknown>;
  fields: Record<string, FieldRule>;
  createdAt: string;
  /** Id of the API key that wrote it. */
  createdBy: string;
}

/** `POST /mappings/validate`: whether a definition would be accepted, and why not. */
export interface MappingValidation {
  valid: boolean;
  errors: FieldError[];
}

/** `POST /mappings/:id/preview`: what the mapping makes of the sample. */
export interface MappingPreview {
  mappingId: string;
  version: number;
  output: Record<string, unknown>;
  errors: FieldError[];
}
