import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** `GET /api/v1/kpis?from=&to=&falsePositiveWindow=`. */
export class KpiQuery {
  @ApiPropertyOptional({
    description:
      'Start of the period (inclusive), ISO 8601. Give both `from` and `to`, or neither (the last 7 days).',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    description: 'End of the period (exclusive), ISO 8601.',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    description:
      'A resolved incident that resolved within this time of opening, with no action taken, counts as a false positive. ' +
      'A duration such as `15m`, `1h`, `1h30m` (default `15m`).',
    example: '15m',
    default: '15m',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @Matches(/^(\d+(ms|s|m|h|d))+$/, {
    message: 'falsePositiveWindow must be a duration such as 15m, 1h or 1h30m',
  })
  falsePositiveWindow?: string;
}

/** The learn step's numbers over the incidents opened in a period. */
export interface KpiReport {
  from: string;
  to: string;
  falsePositiveWindow: string;
  incidents: number;
  resolved: number;
  mttrSeconds: number | null;
  automated: number;
  automationCoverage: number | null;
  autonomouslyRemediated: number;
  autonomousRemediationRate: number | null;
  escalations: number;
  falsePositives: number;
  falsePositiveRate: number | null;
}

export class KpiReportDto implements KpiReport {
  @ApiProperty({
    format: 'date-time',
    description: 'Start of the period (inclusive).',
    example: '2026-11-01T00:00:00.000Z',
  })
  from!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'End of the period (exclusive).',
    example: '2026-12-01T00:00:00.000Z',
  })
  to!: string;

  @ApiProperty({ description: 'The window used for false positives.', example: '15m' })
  falsePositiveWindow!: string;

  @ApiProperty({
    description: 'Incidents opened in [from, to): every count and rate below is over these.',
    example: 40,
  })
  incidents!: number;

  @ApiProperty({ description: 'Of those, how many are resolved now.', example: 36 })
  resolved!: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Mean time to resolve: the mean of resolvedAt − openedAt over the resolved incidents, in seconds; null when none resolved.',
    example: 1834.5,
  })
  mttrSeconds!: number | null;

  @ApiProperty({ description: 'Incidents no step needed a person for (humanSteps = 0).', example: 34 })
  automated!: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'automated / incidents: the share of incidents handled with no human step (0 to 1); null when there are no incidents.',
    example: 0.85,
  })
  automationCoverage!: number | null;

  @ApiProperty({
    description: 'Resolved incidents with at least one action taken and no human step.',
    example: 20,
  })
  autonomouslyRemediated!: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'autonomouslyRemediated / resolved (0 to 1); null when none resolved.',
    example: 0.5556,
  })
  autonomousRemediationRate!: number | null;

  @ApiProperty({ description: 'Incidents a decide step escalated (outcome `escalate`).', example: 3 })
  escalations!: number;

  @ApiProperty({
    description:
      'Resolved incidents that resolved within falsePositiveWindow of opening with no action taken (actions = 0).',
    example: 6,
  })
  falsePositives!: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'falsePositives / resolved (0 to 1); null when none resolved.',
    example: 0.1667,
  })
  falsePositiveRate!: number | null;
}
