import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import type { FieldError } from '@switchboard/errors';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { FlowPolicyDocDto, FlowStepDocDto, FlowTriggerDocDto } from './flow-definition-docs.dto';

// Request bodies. The HTTP layer checks their outline (400 for a wrong type or an unknown
// top-level property); what a flow means (its steps, conditions, instances, actions, input
// mappings) is checked by @switchboard/orchestration's validateFlow and answered with 422 and one
// path-qualified error per problem. Nested members stay plain JSON here, so that validation sees
// them exactly as sent (a YAML body is parsed into the same JSON first).

export const FLOW_EXAMPLE = {
  name: 'disk-alerts-to-redmine',
  description: 'Opens a Redmine issue for critical and high disk alerts.',
  trigger: {
    events: ['io.switchboard.ops.alert.triggered.v1'],
    when: "event.data.severity in ['critical', 'high']",
  },
  policy: { autoApprove: ['ticket.create'], approvalTtl: '1h', onExpiry: 'reject' },
  steps: [
    {
      id: 'route',
      kind: 'decide',
      rules: [{ when: '$exists(incident.ticket)', outcome: 'skip', because: 'the episode has its ticket' }],
      default: { outcome: 'create', because: 'a new episode needs a ticket' },
    },
    {
      id: 'create',
      kind: 'act',
      when: "decision = 'create'",
      instance: 'redmine-prod',
      action: 'ticket.create',
      input: {
        title: { template: '[{{event.data.severity}}] {{event.data.title}}' },
        priority: {
          from: 'event.data.severity',
          map: { critical: 'critical', high: 'high' },
          default: 'medium',
        },
        kind: { const: 'incident' },
      },
      link: 'incident-ticket',
    },
  ],
};

export class CreateFlowDto {
  @ApiProperty({
    description: 'Unique in the tenant: letters, digits, space, `.`, `_` or `-`, 100 at most.',
    example: FLOW_EXAMPLE.name,
  })
  @IsString()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    description: 'What it is for. On update, null removes it.',
    example: FLOW_EXAMPLE.description,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiProperty({ type: FlowTriggerDocDto })
  @IsObject()
  trigger!: Record<string, unknown>;

  @ApiProperty({ type: FlowPolicyDocDto })
  @IsObject()
  policy!: Record<string, unknown>;

  @ApiProperty({ type: [FlowStepDocDto], description: 'Run in order.', example: FLOW_EXAMPLE.steps })
  @IsArray()
  steps!: unknown[];

  @ApiPropertyOptional({
    description: 'Free settings the steps read as `config.*`. On update, null removes them.',
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { severities: ['critical', 'high'] },
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    description: 'Whether it starts runs once saved (default true). Later: `POST …/enable` and `…/disable`.',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/**
 * A change to a flow's definition: a new immutable version. A field given replaces the current
 * one whole (`steps` too); `description: null` and `config: null` remove them.
 */
export class UpdateFlowDto extends PartialType(OmitType(CreateFlowDto, ['enabled'] as const)) {}

/** A flow as the API returns it: head facts and the current version's definition. */
export interface FlowView {
  id: string;
  name: string;
  enabled: boolean;
  /** The definition version new runs pin. */
  version: number;
  /** Bumped by every change (enable and disable included); the ETag is `W/"<revision>"`. */
  revision: number;
  definition: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** One immutable version of a flow's definition. */
export interface FlowVersionView {
  flowId: string;
  version: number;
  definition: Record<string, unknown>;
  createdAt: string;
  /** Id of the API key that wrote it. */
  createdBy: string;
}

/** `POST /flows/validate`: whether a definition would be accepted, and why not. */
export interface FlowValidation {
  valid: boolean;
  errors: FieldError[];
}
