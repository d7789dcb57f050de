import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONNECTOR_CATEGORIES,
  type CommandDocument,
  type ConnectorCategory,
  type EffectiveInstanceLimits,
  type InstanceLimits,
  type ManifestDocument,
  type OutboundAuthScheme,
  type PaginationHint,
  type PollManifest,
  type RateLimitHint,
  type WebhookAuthScheme,
} from '@switchboard/connector-sdk';
import {
  InstanceLimitsDto,
  type InstanceHealthView,
  type InstanceTestResult,
  type InstanceView,
  type SecretsView,
} from './instances.dto';

// Response shapes for the OpenAPI document: the interfaces in instances.dto.ts are what the code
// returns; these classes describe the same shapes, with examples, for the docs.

export class EffectiveInstanceLimitsDto implements EffectiveInstanceLimits {
  @ApiProperty({
    description: 'Requests started per second by the instance’s HTTP client; null when not paced.',
    nullable: true,
    type: Number,
    example: 25,
  })
  requestsPerSecond!: number | null;

  @ApiProperty({
    description: 'Work of the instance running at once (commands, polls, checks).',
    type: 'integer',
    example: 16,
  })
  maxConcurrent!: number;
}

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

  @ApiProperty({
    description: 'The override of the connector’s rate-limit hint set on this instance; null when none.',
    type: InstanceLimitsDto,
    nullable: true,
    example: { maxConcurrent: 16 },
  })
  limits!: InstanceLimits | null;

  @ApiProperty({
    description:
      'What the runtime applies: `limits` over the connector’s hint, field by field, then the runtime defaults.',
    type: EffectiveInstanceLimitsDto,
    example: { requestsPerSecond: 25, maxConcurrent: 16 },
  })
  effectiveLimits!: EffectiveInstanceLimits;

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
  @ApiProperty({ example: true })
  ok!: boolean;

  @ApiProperty({
    enum: [
      'ok',
      'auth_failed',
      'unreachable',
      'rate_limited',
      'misconfigured',
      'invalid_config',
      'no_runtime',
    ],
    example: 'ok',
  })
  status!: InstanceTestResult['status'];

  @ApiProperty({ example: 'Alertmanager 0.25.0 answered; cluster ready' })
  detail!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'What the tool said about itself.',
    example: { version: '0.25.0' },
  })
  remote?: Record<string, string>;

  @ApiPropertyOptional({ description: 'For rate_limited: when to try again.', example: 30000 })
  retryAfterMs?: number;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

class InstanceErrorDto {
  @ApiProperty({ example: 'auth' })
  code!: string;

  @ApiProperty({ example: 'GET /api/v2/status answered 401' })
  message!: string;

  @ApiProperty({ example: 'poll', enum: ['webhook', 'poll', 'command', 'check'] })
  operation!: string;
}

export class InstanceHealthDto implements InstanceHealthView {
  @ApiProperty({ example: '0193a1f2-7c4e-7b21-9a0d-5e8f3c2b1a40' })
  instanceId!: string;

  @ApiProperty({
    enum: ['ok', 'degraded', 'failing', 'disabled', 'invalid_config', 'unknown'],
    example: 'ok',
    description: 'degraded = rate limited or circuit half-open; unknown = no runtime has reported yet.',
  })
  status!: string;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2026-12-01T10:00:00.000Z' })
  lastSuccessAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: null })
  lastErrorAt!: string | null;

  @ApiProperty({ type: InstanceErrorDto, nullable: true, example: null })
  lastError!: InstanceErrorDto | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: null })
  rateLimitedUntil!: string | null;

  @ApiProperty({ enum: ['closed', 'open', 'half-open'], example: 'closed' })
  circuit!: string;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    example: {
      ok: true,
      status: 'ok',
      detail: 'Alertmanager 0.25.0 answered',
      at: '2026-12-01T10:00:00.000Z',
    },
  })
  lastCheck!: Record<string, unknown> | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'hub-1:4242',
    description: 'The runtime process that reported.',
  })
  reportedBy!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2026-12-01T10:00:01.000Z' })
  updatedAt!: string | null;
}

export class CommandDocumentDto implements CommandDocument {
  @ApiProperty({ example: 'silence.create' })
  action!: string;

  @ApiProperty({ example: 'io.switchboard.cmd.silence.create.v1' })
  type!: string;

  @ApiProperty({ example: 'Creates a silence for the alerts matching the given labels.' })
  description!: string;

  @ApiProperty({ description: 'Running it twice has no further effect.', example: false })
  idempotent!: boolean;

  @ApiProperty({
    description: 'JSON Schema of the command input.',
    type: 'object',
    additionalProperties: true,
    example: { $ref: '#/$defs/CreateSilenceInput', $defs: { CreateSilenceInput: { type: 'object' } } },
  })
  inputSchema!: Record<string, unknown>;

  @ApiProperty({
    description: 'JSON Schema of the command output.',
    type: 'object',
    additionalProperties: true,
    example: { $ref: '#/$defs/CreateSilenceOutput', $defs: { CreateSilenceOutput: { type: 'object' } } },
  })
  outputSchema!: Record<string, unknown>;
}

export class ConnectorTypeDto implements ManifestDocument {
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

  @ApiProperty({
    type: [String],
    description: 'From the hooks (webhook, poll, register, each command) and declared.',
    example: ['webhook', 'poll', 'silence.create'],
  })
  capabilities!: string[];

  @ApiProperty({
    description: 'How the connector authenticates to the tool.',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [{ type: 'basic', usernameField: 'username', passwordSecret: 'password' }],
  })
  auth!: OutboundAuthScheme[];

  @ApiProperty({
    type: [String],
    description: 'Canonical event types the connector emits.',
    example: ['io.switchboard.ops.alert.triggered.v1'],
  })
  emits!: string[];

  @ApiProperty({ type: [CommandDocumentDto] })
  commands!: CommandDocumentDto[];

  @ApiPropertyOptional({
    description: 'What the webhook ingress (POST /hooks/{instanceId}) enforces for this type.',
    type: 'object',
    additionalProperties: true,
    example: {
      auth: [{ type: 'bearer', tokenSecret: 'webhookToken' }],
      contentTypes: ['application/json'],
      maxBodyBytes: 1048576,
    },
  })
  webhook?: { auth: WebhookAuthScheme[]; contentTypes: string[]; maxBodyBytes: number };

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { intervalMs: 60000, minIntervalMs: 10000 },
  })
  poll?: PollManifest;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { requestsPerSecond: 10 } })
  rateLimit?: RateLimitHint;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { style: 'offset', maxPageSize: 100 },
  })
  pagination?: PaginationHint;

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
