import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** OpenAPI shape of an RFC 9457 error response (`application/problem+json`). */
export class ProblemDto {
  @ApiProperty({ example: 'about:blank' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiPropertyOptional({ example: 'API key 0b7f… not found' })
  detail?: string;

  @ApiPropertyOptional({ example: '/api/v1/api-keys/0b7f…' })
  instance?: string;

  @ApiPropertyOptional({ example: '5d0c2a8e-4a53-4b53-9f0e-6d2b8f4a8c11' })
  requestId?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (see `errors`)',
  401: 'Missing, malformed, unknown, expired or revoked API key',
  403: "The key's role does not grant this",
  404: 'Not found (or in another tenant)',
  409: 'Conflicts with the current state',
};

/** OpenAPI: the problem responses a route may give. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ProblemDto })),
  );
}
