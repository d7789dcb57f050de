import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditActorType, AuditBreakReason } from '@switchboard/audit';
import { IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../core/pagination';

const ACTOR_TYPES: readonly AuditActorType[] = ['api_key', 'automation', 'system'];
const BREAK_REASONS: readonly AuditBreakReason[] = [
  'hash_mismatch',
  'signature_mismatch',
  'chain_break',
  'sequence_gap',
];
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]+$/u;

/** `GET /api/v1/audit?…`: every filter given must match; `limit` and `cursor` as on every list. */
export class AuditListQueryDto extends PageQuery {
  @ApiPropertyOptional({
    description: 'Only entries by this actor (an API key id, an automation id, or e.g. `bootstrap`).',
    example: '0b7f6c7e-3f3a-4a53-9f0e-6d2b8f4a8c11',
    maxLength: 255,
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'actorId must not contain control characters' })
  actorId?: string;

  @ApiPropertyOptional({ description: '`<target>.<verb>`', example: 'api_key.revoke', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'action must not contain control characters' })
  action?: string;

  @ApiPropertyOptional({ example: 'api_key', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'targetType must not contain control characters' })
  targetType?: string;

  @ApiPropertyOptional({ example: '0b7f6c7e-3f3a-4a53-9f0e-6d2b8f4a8c11', maxLength: 255 })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'targetId must not contain control characters' })
  targetId?: string;

  @ApiPropertyOptional({
    description: 'Entries at or after this instant (ISO 8601).',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    description: 'Entries strictly before this instant (ISO 8601).',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditActorDto {
  @ApiProperty({ enum: ACTOR_TYPES, example: 'api_key' })
  type!: AuditActorType;

  @ApiProperty({
    description: 'The API key id for `api_key`; the automation or hub component otherwise.',
    example: '0b7f6c7e-3f3a-4a53-9f0e-6d2b8f4a8c11',
  })
  id!: string;
}

export class AuditTargetDto {
  @ApiProperty({ example: 'api_key' })
  type!: string;

  @ApiProperty({ example: '9c4e1d2a-7b3f-4e8a-a1c5-2f6d8e0b4a71' })
  id!: string;
}

/** One audit entry as the API shows it. Stored redacted: it never holds a secret. */
export class AuditEntryDto {
  @ApiProperty({ description: "Position in the tenant's chain, from 1.", example: 42 })
  seq!: number;

  @ApiProperty({ example: '2026-11-22T07:15:43.120Z' })
  occurredAt!: string;

  @ApiProperty({ type: AuditActorDto })
  actor!: AuditActorDto;

  @ApiProperty({ description: '`<target>.<verb>`', example: 'api_key.revoke' })
  action!: string;

  @ApiProperty({ type: AuditTargetDto })
  target!: AuditTargetDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The target before the change (secret-looking fields redacted); null for a creation.',
    example: { revokedAt: null, version: 1 },
  })
  before!: unknown;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The target after the change (secret-looking fields redacted); null for a deletion.',
    example: { revokedAt: '2026-11-22T07:15:43.120Z', version: 2 },
  })
  after!: unknown;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The `X-Request-Id` of the request that made the change.',
    example: '5d0c2a8e-4a53-4b53-9f0e-6d2b8f4a8c11',
  })
  requestId!: string | null;

  @ApiProperty({
    description: 'Hex SHA-256 of this entry (its fields and `prevHash`).',
    example: '3f6c0e8a9b2d4c1e7f5a6b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e',
  })
  hash!: string;

  @ApiProperty({
    description: "The previous entry's `hash`; 64 zeros for the tenant's first entry.",
    example: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b',
  })
  prevHash!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first.' })
  items!: AuditEntryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next (older) page; null on the last page.',
    example: null,
  })
  nextCursor!: string | null;
}

/** `GET /api/v1/audit/verify`: a report, 200 whether the chain holds or not. */
export class AuditVerifyDto {
  @ApiProperty({ description: 'Whether every entry of the chain holds.', example: true })
  ok!: boolean;

  @ApiProperty({
    description: 'How many entries verified: all of them when ok, those before `firstBrokenSeq` otherwise.',
    example: 42,
  })
  entries!: number;

  @ApiPropertyOptional({
    description: 'When not ok: the first entry that does not hold (for `sequence_gap`, the missing seq).',
    example: 17,
  })
  firstBrokenSeq?: number;

  @ApiPropertyOptional({
    enum: BREAK_REASONS,
    description:
      'When not ok: `hash_mismatch` (the entry was edited), `signature_mismatch` (re-hashed without ' +
      "this hub's key, or signed before a master-key rotation), `chain_break` (prevHash is not the " +
      "previous entry's hash), `sequence_gap` (an entry was deleted).",
    example: 'hash_mismatch',
  })
  reason?: AuditBreakReason;
}
