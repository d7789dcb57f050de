import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsISO8601,
  IsNotEmpty,
  IsNotEmptyObject,
  IsObject,
  IsString,
  Matches,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';

// Small compositions of class-validator decorators, so every schema class spells a rule the same
// way and the JSON Schema generator (json-schema/) sees the same metadata for the same rule.

/** Applies several property decorators in the given order. */
export function composeDecorators(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, propertyKey) => {
    for (const decorator of decorators) decorator(target, propertyKey);
  };
}

/**
 * The property may be omitted. Unlike `@IsOptional()`, `null` is not accepted: the canonical model
 * has one way to say "no value" (leave the property out), and the published JSON Schema says the same.
 */
export function OptionalField(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** RFC 3339 date-time with a zone, the only timestamp shape the canonical model carries. */
export const RFC3339_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const TIMESTAMP_MESSAGE = 'must be an RFC 3339 timestamp, e.g. 2024-05-01T12:00:00Z';

/** An ISO 8601 string (strictly valid date) in RFC 3339 form: `2024-05-01T12:00:00Z`, `…+02:00`, `….123Z`. */
export function IsTimestamp(): PropertyDecorator {
  return composeDecorators(
    IsISO8601({ strict: true }, { message: TIMESTAMP_MESSAGE }),
    Matches(RFC3339_PATTERN, { message: TIMESTAMP_MESSAGE }),
  );
}

const NOT_EMPTY = 'must not be empty';

/** A non-empty string. */
export function IsText(): PropertyDecorator {
  return composeDecorators(IsString(), IsNotEmpty({ message: NOT_EMPTY }));
}

/** A non-empty string matching `pattern`; `expected` completes "must …" in the error message. */
export function IsTextMatching(pattern: RegExp, expected: string): PropertyDecorator {
  return composeDecorators(IsString(), Matches(pattern, { message: `must ${expected}` }));
}

/** Array of non-empty strings. */
export function IsTextList(options: { nonEmpty?: boolean } = {}): PropertyDecorator {
  const decorators = [
    IsArray(),
    IsString({ each: true }),
    IsNotEmpty({ each: true, message: 'each value must not be empty' }),
  ];
  if (options.nonEmpty) decorators.push(ArrayNotEmpty({ message: NOT_EMPTY }));
  return composeDecorators(...decorators);
}

export interface NestedOptions {
  /** An array of the nested class rather than a single object. */
  each?: boolean;
  /** The array must have at least one element (with `each`). */
  nonEmptyArray?: boolean;
  /**
   * The object must carry at least one property; the text completes the error message, e.g.
   * `'name the person (id, userName, email or displayName)'`.
   */
  nonEmptyObject?: string;
}

/**
 * A nested object (or array of objects) validated as `type()`: `@ValidateNested` + `@Type`, plus
 * an object check so an array where an object belongs is an error rather than a list of objects.
 */
export function Nested(type: () => new () => object, options: NestedOptions = {}): PropertyDecorator {
  const each = options.each === true;
  const decorators: PropertyDecorator[] = [];
  if (each) decorators.push(IsArray());
  if (options.nonEmptyArray) decorators.push(ArrayNotEmpty({ message: NOT_EMPTY }));
  decorators.push(IsObject({ each, message: each ? 'each value must be an object' : 'must be an object' }));
  if (options.nonEmptyObject) {
    decorators.push(IsNotEmptyObject({}, { each, message: `must ${options.nonEmptyObject}` }));
  }
  decorators.push(ValidateNested({ each }), Type(type));
  return composeDecorators(...decorators);
}

/** Constraint name of {@link IsRecord}; the JSON Schema generator has a converter for it. */
export const IS_RECORD = 'isRecord';

export interface RecordOptions {
  /** Every value must be a string (labels, tags). Otherwise values are any JSON. */
  stringValues?: boolean;
  /** Every key must match this pattern. */
  keyPattern?: RegExp;
  /** Completes "key "x" must …" in the error message. */
  keyExpected?: string;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordProblem(value: unknown, options: RecordOptions): string | undefined {
  if (!isPlainRecord(value)) return 'must be an object';
  for (const key of Object.keys(value)) {
    if (options.keyPattern && !options.keyPattern.test(key)) {
      return `key "${key}" must ${options.keyExpected ?? `match ${options.keyPattern.source}`}`;
    }
    if (options.stringValues && typeof value[key] !== 'string') return `value of "${key}" must be a string`;
  }
  return undefined;
}

/** A JSON object used as a map (`labels`, `tags`, `customFields`, `parameters`). */
export function IsRecord(options: RecordOptions = {}): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: IS_RECORD,
      target: target.constructor,
      propertyName: propertyKey as string,
      constraints: [options],
      validator: {
        validate: (value: unknown) => recordProblem(value, options) === undefined,
        defaultMessage: (args?: ValidationArguments) => recordProblem(args?.value, options) ?? 'is invalid',
      },
    });
  };
}

/** Constraint name of {@link IsPresent}. */
export const IS_PRESENT = 'isPresent';

/** The property must be present; any JSON value, `null` included (e.g. the old value of a change). */
export function IsPresent(): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: IS_PRESENT,
      target: target.constructor,
      propertyName: propertyKey as string,
      validator: { validate: (value: unknown) => value !== undefined, defaultMessage: () => 'is required' },
    });
  };
}
