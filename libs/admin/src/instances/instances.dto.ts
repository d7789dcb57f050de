import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import type { EffectiveInstanceLimits, InstanceLimits } from '@switchboard/connector-sdk';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/** npm-style semver ranges: `1.2.3`, `^1.2`, `~1.2.3`, `1.x`, `*`, `>=1.0.0 <2.0.0`, `a || b`. */
export const VERSION_RANGE_PATTERN =
  /^(\*|(?:(?:[\^~]|[<>]=?|=)?(?:0|[1-9]\d*|x|X|\*)(?:\.(?:0|[1-9]\d*|x|X|\*)){0,2}(?:-[0-9A-Za-z.-]+)?)(?:\s+(?:[<>]=?|=)?(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*)){0,2})*)(?:\s*\|\|\s*(?:\*|(?:[\^~]|[<>]=?|=)?(?:0|[1-9]\d*|x|X|\*)(?:\.(?:0|[1-9]\d*|x|X|\*)){0,2}(?:-[0-9A-Za-z.-]+)?))*$/;

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;

/** Bounds of an instance's `limits`: generous for a self-hosted tool, never unbounded. */
const MAX_REQUESTS_PER_SECOND = 100_000;
const MAX_INSTANCE_CONCURRENCY = 256;

/**
 * An admin's override of the connector's rate-limit hint for one instance. Checked by the service
 * (a 422 naming each field, like `config`): each field optional, at least one given.
 */
export class InstanceLimitsDto implements InstanceLimits {
  @ApiPropertyOptional({
    description:
      'Requests the instance’s HTTP client starts per second, spread evenly. Overrides the connector’s hint.',
    example: 200,
    minimum: 0,
    exclusiveMinimum: true,
    maximum: MAX_REQUESTS_PER_SECOND,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' })
  @IsPositive()
  @Max(MAX_REQUESTS_PER_SECOND)
  requestsPerSecond?: number;

  @ApiPropertyOptional({
    description:
      'Work of the instance running at once (commands, polls, checks), and HTTP requests in flight. Overrides the connector’s hint.',
    type: 'integer',
    example: 16,
    minimum: 1,
    maximum: MAX_INSTANCE_CONCURRENCY,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INSTANCE_CONCURRENCY)
  maxConcurrent?: number;
}

export class CreateInstanceDto {
  @ApiProperty({
    description: 'Id of a connector type from GET /api/v1/connector-types.',
    example: 'example',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  connectorType!: string;

  @ApiPropertyOptional({
    description: 'Semver range of the type versions to accept; defaults to ^<current version>.',
    example: '^1.0.0',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(VERSION_RANGE_PATTERN, { message: 'versionPin must be a semver range such as ^1.0.0' })
  versionPin?: string;

  @ApiProperty({ description: 'Unique in the tenant.', example: 'redmine-prod', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  @Matches(NAME_PATTERN, {
    message: 'name must start with a letter or digit and contain letters, digits, space, ., _ or -',
  })
  name!: string;

  @ApiProperty({
    description: 'Non-secret configuration, validated against the type config schema.',
    type: 'object',
    additionalProperties: true,
    example: { baseUrl: 'https://redmine.example.org', project: 'itsm' },
  })
  @IsObject()
  config!: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'Secret fields of the type, write-only. On update: a value replaces, null removes, absent keeps.',
    type: 'object',
    additionalProperties: true,
    writeOnly: true,
    example: { apiToken: 'paste-the-token-here' },
  })
  @IsOptional()
  @IsObject()
  secrets?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Disabled instances are configured but not run.', example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    description:
      'Overrides the connector’s rate-limit hint for this instance (e.g. a self-hosted tool that takes more). A field left out follows the hint. On update: an object replaces the override, null removes it, absent keeps it.',
    type: InstanceLimitsDto,
    nullable: true,
    example: { requestsPerSecond: 200, maxConcurrent: 16 },
  })
  @IsOptional()
  @IsObject()
  limits?: InstanceLimits | null;
}

/**
 * A change to an instance. `config`, when given, replaces the whole non-secret config. In
 * `secrets`, a value replaces that secret, `null` removes it, and an absent key keeps it.
 * `limits` replaces the override whole; `null` removes it.
 */
// Every field of a create, optional, except the type: an instance never changes type. PartialType
// carries the validation rules and the OpenAPI metadata, and adds @IsOptional.
export class UpdateInstanceDto extends PartialType(OmitType(CreateInstanceDto, ['connectorType'] as const)) {}

/** Whether each secret field of the instance's type holds a value. Never the value. */
export type SecretsView = Record<string, { set: boolean }>;

/** An instance as the API returns it. */
export interface InstanceView {
  id: string;
  connectorType: string;
  versionPin: string;
  name: string;
  config: Record<string, unknown>;
  secrets: SecretsView;
  /** The admin's override of the connector's rate-limit hint; null when there is none. */
  limits: InstanceLimits | null;
  /** What the instance runs with: `limits` over the connector's hint, then the runtime defaults. */
  effectiveLimits: EffectiveInstanceLimits;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Outcome of `POST /instances/:id/test`: the connector's `check`, run by a connector runtime. */
export interface InstanceTestResult {
  ok: boolean;
  /**
   * `ok`, `auth_failed`, `unreachable`, `rate_limited`, `misconfigured` (from the connector), or
   * `invalid_config` (the stored config no longer fits the type) and `no_runtime` (no connector
   * runtime answered).
   */
  status:
    'ok' | 'auth_failed' | 'unreachable' | 'rate_limited' | 'misconfigured' | 'invalid_config' | 'no_runtime';
  detail: string;
  remote?: Record<string, string>;
  retryAfterMs?: number;
  errors?: { path: string; message: string }[];
}

/** `GET /instances/:id/health`: what the runtime hosting the instance last reported. */
export interface InstanceHealthView {
  instanceId: string;
  /** `ok`, `degraded`, `failing`, `disabled`, `invalid_config`, or `unknown` (nothing reported yet). */
  status: string;
  enabled: boolean;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: { code: string; message: string; operation: string } | null;
  rateLimitedUntil: string | null;
  circuit: string;
  lastCheck: Record<string, unknown> | null;
  reportedBy: string | null;
  updatedAt: string | null;
}
