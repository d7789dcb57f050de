import { IsBoolean, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** npm-style semver ranges: `1.2.3`, `^1.2`, `~1.2.3`, `1.x`, `*`, `>=1.0.0 <2.0.0`, `a || b`. */
export const VERSION_RANGE_PATTERN =
  /^(\*|(?:(?:[\^~]|[<>]=?|=)?(?:0|[1-9]\d*|x|X|\*)(?:\.(?:0|[1-9]\d*|x|X|\*)){0,2}(?:-[0-9A-Za-z.-]+)?)(?:\s+(?:[<>]=?|=)?(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*)){0,2})*)(?:\s*\|\|\s*(?:\*|(?:[\^~]|[<>]=?|=)?(?:0|[1-9]\d*|x|X|\*)(?:\.(?:0|[1-9]\d*|x|X|\*)){0,2}(?:-[0-9A-Za-z.-]+)?))*$/;

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;

export class CreateInstanceDto {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  connectorType!: string;

  /** Semver range of the type's versions to accept; defaults to `^<current version>`. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(VERSION_RANGE_PATTERN, { message: 'versionPin must be a semver range such as ^1.0.0' })
  versionPin?: string;

  @IsString()
  @MaxLength(100)
  @Matches(NAME_PATTERN, {
    message: 'name must start with a letter or digit and contain letters, digits, space, ., _ or -',
  })
  name!: string;

  @IsObject()
  config!: Record<string, unknown>;

  @IsOptional()
  @IsObject()
  secrets?: Record<string, unknown>;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/**
 * A change to an instance. `config`, when given, replaces the whole non-secret config. In
 * `secrets`, a value replaces that secret, `null` removes it, and an absent key keeps it.
 */
export class UpdateInstanceDto {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(VERSION_RANGE_PATTERN, { message: 'versionPin must be a semver range such as ^1.0.0' })
  versionPin?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(NAME_PATTERN, {
    message: 'name must start with a letter or digit and contain letters, digits, space, ., _ or -',
  })
  name?: string;

  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  @IsOptional()
  @IsObject()
  secrets?: Record<string, unknown>;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

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
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Outcome of `POST /instances/:id/test`. */
export interface InstanceTestResult {
  ok: boolean;
  detail: string;
  errors?: { path: string; message: string }[];
}
