import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@switchboard/auth';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

/** `POST /api/v1/api-keys` */
export class CreateApiKeyDto {
  @ApiProperty({ description: 'What the key is for, shown in lists.', example: 'ci-deploy', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  // Cf covers bidi overrides (U+202E) and zero-width characters: a name must read as it is stored.
  @Matches(/^[^\p{Cc}\p{Cf}]+$/u, {
    message: 'name must not contain control or invisible formatting characters (bidi overrides, zero-width)',
  })
  name!: string;

  @ApiProperty({ enum: ROLES, example: 'viewer' })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({
    description: 'When the key stops working (ISO 8601, in the future). Omit for a key that does not expire.',
    example: '2027-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

/** An API key as the API shows it: never the key or its hash. */
export class ApiKeyDto {
  @ApiProperty({ example: '0b7f6c7e-3f3a-4a53-9f0e-6d2b8f4a8c11' })
  id!: string;

  @ApiProperty({ example: 'ci-deploy' })
  name!: string;

  @ApiProperty({ description: 'Identifies the key: it starts with `sbk_<prefix>_`.', example: 'k3x9q2ab' })
  prefix!: string;

  @ApiProperty({ enum: ROLES, example: 'viewer' })
  role!: Role;

  @ApiProperty({ example: '2026-11-22T07:15:43.000Z' })
  createdAt!: string;

  @ApiProperty({ description: 'Id of the key that created it, or `bootstrap`.', example: 'bootstrap' })
  createdBy!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  expiresAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  revokedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Not tracked yet: always null.', example: null })
  lastUsedAt!: string | null;

  @ApiProperty({ description: 'Bumped on every change; the ETag is `W/"<version>"`.', example: 1 })
  version!: number;
}

/** `201` of `POST /api/v1/api-keys`: the only time the key itself is shown. */
export class CreatedApiKeyDto {
  @ApiProperty({
    description: 'The whole key. Shown once: store it now, it cannot be retrieved again.',
    example: 'sbk_k3x9q2ab_Wq3vJ2m9cX0rT5yU8iO1pA4sD7fG0hJ3kL6zX9cV2bN',
  })
  key!: string;

  @ApiProperty({ type: ApiKeyDto })
  apiKey!: ApiKeyDto;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyDto] })
  items!: ApiKeyDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
    example: null,
  })
  nextCursor!: string | null;
}
