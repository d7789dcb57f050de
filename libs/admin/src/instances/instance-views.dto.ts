import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONNECTOR_CATEGORIES,
  type ConnectorCategory,
  type ConnectorTypeManifest,
} from '@switchboard/connector-registry';
import type { InstanceTestResult, InstanceView, SecretsView } from './instances.dto';

// Response shapes for the OpenAPI document: the interfaces in instances.dto.ts are what the code
// returns; these classes describe the same shapes, with examples, for the docs.

export class InstanceViewDto implements InstanceView {
  @ApiProperty({ example: '0193a1f2-7c4e-7b21-9a0d-5e8f3c2b1a40' })
  id!: string;

  @ApiProperty({ example: 'example' })
  connectorType!: string;

  @ApiProperty({
    description: 'Semver range of the connector type this instance accepts.',
    example: '^1.0.0',
  })
  versionPin!: string;

  @ApiProperty({ description: 'Unique in the tenant.', example: 'redmine-prod' })
  name!: string;

  @ApiProperty({
    description: 'The non-secret configuration, as validated against the type’s config schema.',
    type: 'object',
    additionalProperties: true,
    example: { baseUrl: 'https://redmine.example.org', project: 'itsm' },
  })
  config!: Record<string, unknown>;

  @ApiProperty({
    description: 'Whether each secret field holds a value. Secret values are never returned.',
    type: 'object',
    additionalProperties: { type: 'object', properties: { set: { type: 'boolean' } } },
    example: { apiToken: { set: true } },
  })
  secrets!: SecretsView;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:43.000Z' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:20:01.000Z' })
  updatedAt!: string;

  @ApiProperty({ description: 'Bumped on every change; the ETag is W/"<version>".', example: 2 })
  version!: number;
}

export class InstancePageDto {
  @ApiProperty({ type: [InstanceViewDto] })
  items!: InstanceViewDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last.',
    example: null,
  })
  nextCursor!: string | null;
}

export class FieldErrorDto {
  @ApiProperty({ example: 'config.baseUrl' })
  path!: string;

  @ApiProperty({ example: 'must be a URL' })
  message!: string;
}

export class InstanceTestResultDto implements InstanceTestResult {
  @ApiProperty({ example: false })
  ok!: boolean;

  @ApiProperty({ example: 'config and secrets are valid, but connector type example has no check hook yet' })
  detail!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

export class ConnectorTypeDto implements ConnectorTypeManifest {
  @ApiProperty({ example: 'example' })
  id!: string;

  @ApiProperty({ example: '1.0.0' })
  version!: string;

  @ApiProperty({ enum: CONNECTOR_CATEGORIES, example: 'ticketing' })
  category!: ConnectorCategory;

  @ApiProperty({ example: 'Example ticketing system' })
  displayName!: string;

  @ApiProperty({ example: 'A connector type for tests and documentation.' })
  description!: string;

  @ApiProperty({ type: [String], example: ['ticket.create'] })
  capabilities!: string[];

  @ApiProperty({ type: [String], example: ['apiToken'] })
  secretFields!: string[];

  @ApiProperty({
    description: 'JSON Schema of the instance config; secret fields are writeOnly.',
    type: 'object',
    additionalProperties: true,
    example: {
      type: 'object',
      properties: { baseUrl: { type: 'string', format: 'uri' } },
      additionalProperties: false,
    },
  })
  configSchema!: Record<string, unknown>;
}

export class ConnectorTypeListDto {
  @ApiProperty({ type: [ConnectorTypeDto] })
  items!: ConnectorTypeDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last.',
    example: null,
  })
  nextCursor!: string | null;
}
