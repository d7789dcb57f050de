import { ApiProperty } from '@nestjs/swagger';
import { FieldErrorDto } from '../instances/instance-views.dto';
import { FLOW_EXAMPLE, type FlowValidation, type FlowVersionView, type FlowView } from './flows.dto';

// Response shapes for the OpenAPI document: the interfaces in flows.dto.ts are what the code
// returns; these classes describe the same shapes, with examples, for the docs.

const EXAMPLE_ID = '0193a1f2-7c4e-7b21-9a0d-5e8f3c2b1a40';
const DEFINITION = {
  type: 'object',
  additionalProperties: true,
  description:
    'The flow definition: name, description, trigger, policy, steps, config (see the create body).',
  example: FLOW_EXAMPLE,
} as const;

export class FlowViewDto implements FlowView {
  @ApiProperty({ example: EXAMPLE_ID })
  id!: string;

  @ApiProperty({ description: 'Unique in the tenant.', example: FLOW_EXAMPLE.name })
  name!: string;

  @ApiProperty({
    description: 'Only enabled flows start runs; running runs finish either way.',
    example: true,
  })
  enabled!: boolean;

  @ApiProperty({ description: 'The definition version new runs pin.', example: 2 })
  version!: number;

  @ApiProperty({
    description: 'Bumped by every change, enable and disable included; the ETag is W/"<revision>".',
    example: 3,
  })
  revision!: number;

  @ApiProperty(DEFINITION)
  definition!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T07:15:43.000Z' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T09:02:11.000Z' })
  updatedAt!: string;
}

export class FlowPageDto {
  @ApiProperty({ type: [FlowViewDto] })
  items!: FlowViewDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last.',
    example: null,
  })
  nextCursor!: string | null;
}

export class FlowVersionViewDto implements FlowVersionView {
  @ApiProperty({ example: EXAMPLE_ID })
  flowId!: string;

  @ApiProperty({ description: 'Versions count from 1 and never change; runs pin one.', example: 2 })
  version!: number;

  @ApiProperty(DEFINITION)
  definition!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T09:02:11.000Z' })
  createdAt!: string;

  @ApiProperty({ description: 'Id of the API key that wrote this version.', example: '1c9e6f0a-…' })
  createdBy!: string;
}

export class FlowVersionPageDto {
  @ApiProperty({ type: [FlowVersionViewDto], description: 'Newest first.' })
  items!: FlowVersionViewDto[];

  @ApiProperty({ nullable: true, type: String, example: null })
  nextCursor!: string | null;
}

export class FlowValidationDto implements FlowValidation {
  @ApiProperty({ description: 'True when `errors` is empty.', example: false })
  valid!: boolean;

  @ApiProperty({
    type: [FieldErrorDto],
    example: [
      { path: 'steps[1].instance', message: 'no connector instance redmine-prd in this tenant' },
      { path: 'steps[1].input.priority.map.high', message: '"urgent" is not allowed in priority (one of …)' },
    ],
  })
  errors!: FieldErrorDto[];
}

/** `POST /flows/templates/alert-to-ticket?dryRun=true`: the flow the template builds, not saved. */
export class FlowTemplatePreviewDto extends FlowValidationDto {
  @ApiProperty(DEFINITION)
  definition!: Record<string, unknown>;
}
