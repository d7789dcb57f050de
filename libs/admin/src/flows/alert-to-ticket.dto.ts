import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALERT_SEVERITIES,
  COMMENT_VISIBILITIES,
  CUSTOM_FIELD_KEY_PATTERN,
  IMPACT_LEVELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type AlertSeverity,
  type CommentVisibility,
  type ImpactLevel,
  type TicketPriority,
  type TicketStatus,
} from '@switchboard/events';
import {
  ALERT_TO_TICKET_ACTIONS,
  DEFAULT_ALERT_PRIORITIES,
  type AlertToTicketConfig,
  type OwnerLookupConfig,
} from '@switchboard/orchestration';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** Alert labels are Prometheus-style names (as in the canonical alert). */
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

/** Alert severity → ticket priority; severities left out keep their default. */
export class SeverityPriorityMapDto implements Partial<Record<AlertSeverity, TicketPriority>> {
  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, example: DEFAULT_ALERT_PRIORITIES.critical })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES)
  critical?: TicketPriority;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, example: DEFAULT_ALERT_PRIORITIES.high })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES)
  high?: TicketPriority;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, example: DEFAULT_ALERT_PRIORITIES.medium })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES)
  medium?: TicketPriority;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, example: DEFAULT_ALERT_PRIORITIES.low })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES)
  low?: TicketPriority;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, example: DEFAULT_ALERT_PRIORITIES.info })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES)
  info?: TicketPriority;
}

/** Alert severity → ITIL impact. */
export class SeverityImpactMapDto implements Partial<Record<AlertSeverity, ImpactLevel>> {
  @ApiPropertyOptional({ enum: IMPACT_LEVELS, example: 'high' })
  @IsOptional()
  @IsIn(IMPACT_LEVELS)
  critical?: ImpactLevel;

  @ApiPropertyOptional({ enum: IMPACT_LEVELS, example: 'high' })
  @IsOptional()
  @IsIn(IMPACT_LEVELS)
  high?: ImpactLevel;

  @ApiPropertyOptional({ enum: IMPACT_LEVELS, example: 'medium' })
  @IsOptional()
  @IsIn(IMPACT_LEVELS)
  medium?: ImpactLevel;

  @ApiPropertyOptional({ enum: IMPACT_LEVELS, example: 'low' })
  @IsOptional()
  @IsIn(IMPACT_LEVELS)
  low?: ImpactLevel;

  @ApiPropertyOptional({ enum: IMPACT_LEVELS, example: 'low' })
  @IsOptional()
  @IsIn(IMPACT_LEVELS)
  info?: ImpactLevel;
}

export class OwnerLookupDto implements OwnerLookupConfig {
  @ApiProperty({
    description: 'The identity instance (id or name) that answers user.lookup.',
    example: 'ldap-corp',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  instance!: string;

  @ApiProperty({ enum: ['user.lookup'], example: 'user.lookup' })
  @IsIn(['user.lookup'])
  action!: 'user.lookup';

  @ApiProperty({ enum: ['userName', 'email'], description: 'What the label holds.', example: 'userName' })
  @IsIn(['userName', 'email'])
  by!: 'userName' | 'email';

  @ApiProperty({ description: 'The alert label naming the owner.', example: 'owner' })
  @IsString()
  @MaxLength(200)
  @Matches(LABEL_NAME, { message: 'from must be a label name (letters, digits, _, ., / or -)' })
  from!: string;
}

/**
 * The settings of the built-in "alert-to-ticket" flow. The template turns them into a plain flow
 * (see `alertToTicketFlow` in @switchboard/orchestration), validated and saved like any other.
 */
export class AlertToTicketConfigDto implements AlertToTicketConfig {
  @ApiProperty({
    description: 'The name of the flow to create, unique in the tenant.',
    example: 'alerts-to-redmine',
  })
  @IsString()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: 'Tickets for production alerts.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ description: 'The ticketing instance, by id or name.', example: 'redmine-prod' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  ticketInstance!: string;

  @ApiPropertyOptional({
    description: 'Where tickets go, when the instance serves several projects.',
    example: 'ops',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  project?: string;

  @ApiPropertyOptional({
    enum: ALERT_SEVERITIES,
    isArray: true,
    description: 'Alert severities that open tickets (default all).',
    example: ['critical', 'high'],
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(ALERT_SEVERITIES.length)
  @IsIn(ALERT_SEVERITIES, { each: true })
  severities?: AlertSeverity[];

  @ApiPropertyOptional({
    type: SeverityPriorityMapDto,
    description: 'Alert severity → ticket priority (default critical→critical, …, info→planning).',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SeverityPriorityMapDto)
  priorityMap?: SeverityPriorityMapDto;

  @ApiPropertyOptional({ type: SeverityImpactMapDto, description: 'Alert severity → ITIL impact.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SeverityImpactMapDto)
  impactMap?: SeverityImpactMapDto;

  @ApiPropertyOptional({
    description:
      'A namespaced custom field of the ticketing tool that takes the impact; without it the impact goes into the description.',
    example: 'redmine.7',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(CUSTOM_FIELD_KEY_PATTERN, {
    message: 'impactField must be a namespaced custom field, e.g. redmine.7',
  })
  impactField?: string;

  @ApiPropertyOptional({
    description: "A fixed assignee (user name in the ticketing tool); an owner lookup's answer wins over it.",
    example: 'oncall',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  assignee?: string;

  @ApiPropertyOptional({ description: 'A fixed assignment group.', example: 'Operations' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  assignmentGroup?: string;

  @ApiPropertyOptional({
    type: OwnerLookupDto,
    description: "Find the ticket's assignee from an alert label through an identity instance.",
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OwnerLookupDto)
  ownerLookup?: OwnerLookupDto;

  @ApiPropertyOptional({
    enum: TICKET_STATUSES,
    description: 'Status on resolve (default resolved).',
    example: 'resolved',
  })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  resolvedStatus?: TicketStatus;

  @ApiPropertyOptional({
    enum: ['reopen', 'new'],
    description:
      "A firing after a resolve: `reopen` the previous episode's ticket (with a comment) or open a `new` one (default).",
    example: 'reopen',
  })
  @IsOptional()
  @IsIn(['reopen', 'new'])
  afterResolve?: 'reopen' | 'new';

  @ApiPropertyOptional({
    description: 'Comment on each refire of an open episode (default true).',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  refireComments?: boolean;

  @ApiPropertyOptional({ enum: COMMENT_VISIBILITIES, description: 'Default internal.', example: 'internal' })
  @IsOptional()
  @IsIn(COMMENT_VISIBILITIES)
  commentVisibility?: CommentVisibility;

  @ApiPropertyOptional({
    description: 'Actions that run without an approval (default the ticketing actions).',
    example: [...ALERT_TO_TICKET_ACTIONS],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  autoApprove?: string[];

  @ApiPropertyOptional({
    description: 'Whether the flow starts runs once saved (default true).',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** `?dryRun=true`: build and validate the flow, save nothing. */
export class FlowTemplateQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Answer the flow instead of saving it.',
    example: 'true',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}
