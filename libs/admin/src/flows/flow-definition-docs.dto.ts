import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STEP_KINDS } from '@switchboard/orchestration';

// The flow format for the OpenAPI document (documentation only: a definition is checked by
// validateFlow, which answers every problem with its path). Same fields as FlowDefinition in
// @switchboard/orchestration.

export class FlowTriggerDocDto {
  @ApiProperty({
    description: 'Event types that start a run.',
    example: ['io.switchboard.ops.alert.triggered.v1', 'io.switchboard.ops.alert.resolved.v1'],
  })
  events!: string[];

  @ApiPropertyOptional({
    description: 'JSONata over `{ event, incident }`: a run starts only when it is true.',
    example: "event.data.severity in ['critical', 'high']",
  })
  when?: string;
}

export class FlowPolicyDocDto {
  @ApiProperty({
    description: 'Actions act steps may run unattended; any other waits for an approval.',
    example: ['ticket.create', 'comment.add'],
  })
  autoApprove!: string[];

  @ApiPropertyOptional({ description: 'How long an approval waits (default `1h`).', example: '30m' })
  approvalTtl?: string;

  @ApiPropertyOptional({
    enum: ['approve', 'reject'],
    description: 'What an approval nobody decided in time means (default `reject`).',
    example: 'reject',
  })
  onExpiry?: 'approve' | 'reject';
}

export class DecideRuleDocDto {
  @ApiProperty({ description: 'JSONata over the run context.', example: '$exists(incident.ticket)' })
  when!: string;

  @ApiProperty({ example: 'skip' })
  outcome!: string;

  @ApiProperty({
    description: 'Plain language, recorded with the decision.',
    example: 'the episode has its ticket',
  })
  because!: string;
}

export class FlowStepDocDto {
  @ApiProperty({ description: 'Lower-case word, unique in the flow.', example: 'create' })
  id!: string;

  @ApiProperty({ enum: STEP_KINDS, example: 'act' })
  kind!: string;

  @ApiPropertyOptional({
    description: 'JSONata over the run context; the step is skipped (and says why) when false.',
    example: "decision = 'create'",
  })
  when?: string;

  @ApiPropertyOptional({
    description: 'enrich/act: connector instance, by id or name.',
    example: 'redmine-prod',
  })
  instance?: string;

  @ApiPropertyOptional({ description: 'enrich/act: the command.', example: 'ticket.create' })
  action?: string;

  @ApiPropertyOptional({
    description: 'enrich/act: the command input as mapping rules over the run context (target path → rule).',
    type: 'object',
    additionalProperties: true,
    example: { title: { template: '{{event.data.title}}' }, kind: { const: 'incident' } },
  })
  input?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'enrich/act: the output lands in `steps.<as>` (default the id).',
    example: 'ticket',
  })
  as?: string;

  @ApiPropertyOptional({
    enum: ['fail', 'continue'],
    description: 'What a failed command means (enrich: continue, act: fail).',
    example: 'fail',
  })
  onError?: string;

  @ApiPropertyOptional({
    description: 'Retries of a failed command.',
    type: 'object',
    additionalProperties: true,
    example: { attempts: 3, backoff: '30s' },
  })
  retry?: Record<string, unknown>;

  @ApiPropertyOptional({
    enum: ['incident-ticket'],
    description: "act: link the output's ticket to the run's incident.",
    example: 'incident-ticket',
  })
  link?: string;

  @ApiPropertyOptional({
    type: [DecideRuleDocDto],
    description: 'decide: ordered rules; the first that holds wins.',
  })
  rules?: DecideRuleDocDto[];

  @ApiPropertyOptional({
    description: 'decide: the outcome when no rule holds.',
    type: 'object',
    additionalProperties: true,
    example: { outcome: 'create', because: 'a new episode needs a ticket' },
  })
  default?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'approve: what the approver is asked (`{{path}}` placeholders).',
    example: 'Restart {{event.data.resource.host}}?',
  })
  summary?: string;

  @ApiPropertyOptional({ description: "approve: overrides the policy's TTL.", example: '2h' })
  ttl?: string;
}
