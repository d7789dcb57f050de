import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { FieldRule } from '@switchboard/mapping';
import { FieldErrorDto } from '../instances/instance-views.dto';
import {
  FieldRuleDto,
  type MappingPreview,
  type MappingValidation,
  type MappingVersionView,
  type MappingView,
} from './mappings.dto';

// Response shapes for the OpenAPI document: the interfaces in mappings.dto.ts are what the code
// returns; these classes describe the same shapes, with examples, for the docs.

const EXAMPLE_ID = '0193a1f2-7c4e-7b21-9a0d-5e8f3c2b1a40';
const SOURCE_EXAMPLE = { event: 'io.switchboard.ops.alert.triggered.v1' };
const TARGET_EXAMPLE = { command: 'ticket.create' };
const FIELDS_EXAMPLE = {
  title: { template: '[{{data.severity}}] {{data.title}} on {{data.resource.host}}' },
  priority: { from: 'data.severity', map: { critical: 'critical', high: 'high' }, default: 'low' },
  kind: { const: 'incident' },
};

export class MappingViewDto implements MappingView {
  @ApiProperty({ example: EXAMPLE_ID })
  id!: string;

  @ApiProperty({ description: 'Unique in the tenant.', example: 'alert-to-ticket' })
  name!: string;

  @ApiProperty({ nullable: true, type: String, example: 'Opens an incident for a triggered alert.' })
  description!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: SOURCE_EXAMPLE })
  source!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, example: TARGET_EXAMPLE })
  target!: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(FieldRuleDto) },
    example: FIELDS_EXAMPLE,
  })
  fields!: Record<string, FieldRule>;

  @ApiProperty({ description: 'The current version; the ETag is W/"<version>".', example: 3 })
  version!: number;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:43.000Z' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T09:02:11.000Z' })
  updatedAt!: string;
}

export class MappingPageDto {
  @ApiProperty({ type: [MappingViewDto] })
  items!: MappingViewDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last.',
    example: null,
  })
  nextCursor!: string | null;
}

export class MappingVersionViewDto implements MappingVersionView {
  @ApiProperty({ example: EXAMPLE_ID })
  mappingId!: string;

  @ApiProperty({ description: 'Versions count from 1 and never change.', example: 2 })
  version!: number;

  @ApiProperty({ example: 'alert-to-ticket' })
  name!: string;

  @ApiProperty({ nullable: true, type: String, example: null })
  description!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: SOURCE_EXAMPLE })
  source!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, example: TARGET_EXAMPLE })
  target!: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(FieldRuleDto) },
    example: FIELDS_EXAMPLE,
  })
  fields!: Record<string, FieldRule>;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T09:02:11.000Z' })
  createdAt!: string;

  @ApiProperty({ description: 'Id of the API key that wrote this version.', example: '1c9e6f0a-…' })
  createdBy!: string;
}

export class MappingVersionPageDto {
  @ApiProperty({ type: [MappingVersionViewDto], description: 'Newest first.' })
  items!: MappingVersionViewDto[];

  @ApiProperty({ nullable: true, type: String, example: null })
  nextCursor!: string | null;
}

export class MappingValidationDto implements MappingValidation {
  @ApiProperty({ description: 'True when `errors` is empty.', example: false })
  valid!: boolean;

  @ApiProperty({
    type: [FieldErrorDto],
    example: [{ path: 'fields.priority.map', message: 'does not map info; add it or a default' }],
  })
  errors!: FieldErrorDto[];
}

export class MappingPreviewDto implements MappingPreview {
  @ApiProperty({ example: EXAMPLE_ID })
  mappingId!: string;

  @ApiProperty({ description: 'The version that ran.', example: 2 })
  version!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { title: '[high] Disk almost full on db-1', priority: 'high', kind: 'incident' },
  })
  output!: Record<string, unknown>;

  @ApiProperty({
    type: [FieldErrorDto],
    description:
      'Per field (`fields.<target>`: the rule failed on this sample) and per output path (`output.<path>`: the target refuses the value).',
    example: [
      { path: 'fields.priority', message: 'data.severity is "fatal", which the value map does not map' },
    ],
  })
  errors!: FieldErrorDto[];
}
