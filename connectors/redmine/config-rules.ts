import { registerDecorator, type ValidationArguments } from 'class-validator';

// Rules of the config class that class-validator has no decorator for. Messages complete
// "<field> …" and never echo a value (a misplaced secret must not end up in an error).

/**
 * An object mapping Redmine names (statuses, priorities, trackers) to one of `allowed` canonical
 * values. Keys are Redmine names as an admin reads them in Redmine, compared case-insensitively.
 */
export function IsNameMap(allowed: readonly string[]): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isNameMap',
      target: target.constructor,
      propertyName: propertyKey as string,
      constraints: [allowed],
      validator: {
        validate: (value: unknown) => nameMapProblem(value, allowed) === undefined,
        defaultMessage: (args?: ValidationArguments) => nameMapProblem(args?.value, allowed) ?? 'is invalid',
      },
    });
}

function nameMapProblem(value: unknown, allowed: readonly string[]): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const seen = new Set<string>();
  for (const [name, canonical] of Object.entries(value)) {
    const key = name.trim().toLowerCase();
    if (key === '') return 'must not have an empty key';
    if (seen.has(key)) return `must not name "${name}" twice (names are case-insensitive)`;
    seen.add(key);
    if (typeof canonical !== 'string' || !allowed.includes(canonical))
      return `value of "${name}" must be one of ${allowed.join(', ')}`;
  }
  return undefined;
}
