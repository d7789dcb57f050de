import { ALERT_SEVERITIES } from '@switchboard/events';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { isAlertSeverity } from './severity-map';

// Rules of the config class that class-validator has no decorator for. Messages complete
// "<field> …" and never echo a value (a misplaced secret must not end up in an error).

/** An object mapping native severity values to canonical severities. */
export function IsSeverityMap(): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isSeverityMap',
      target: target.constructor,
      propertyName: propertyKey as string,
      validator: {
        validate: (value: unknown) => severityMapProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => severityMapProblem(args?.value) ?? 'is invalid',
      },
    });
}

function severityMapProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  for (const [native, canonical] of Object.entries(value)) {
    if (native.trim() === '') return 'must not have an empty key';
    if (!isAlertSeverity(canonical))
      return `value of "${native}" must be one of ${ALERT_SEVERITIES.join(', ')}`;
  }
  return undefined;
}

/** Set only together with `other` (a username needs its password, and back). */
export function SetTogetherWith(other: string): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'setTogetherWith',
      target: target.constructor,
      propertyName: propertyKey as string,
      constraints: [other],
      options: { message: `must be set together with ${other}` },
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          (value === undefined) === ((args?.object as Record<string, unknown>)[other] === undefined),
      },
    });
}

/** Not set when `other` is: two ways to authenticate would leave it unclear which one is used. */
export function NotTogetherWith(other: string): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'notTogetherWith',
      target: target.constructor,
      propertyName: propertyKey as string,
      constraints: [other],
      options: { message: `must not be set together with ${other}` },
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          value === undefined || (args?.object as Record<string, unknown>)[other] === undefined,
      },
    });
}
