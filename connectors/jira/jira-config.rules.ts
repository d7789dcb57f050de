import { registerDecorator, type ValidationArguments } from 'class-validator';

// Rules of the config class that class-validator has no decorator for. Messages complete
// "<field> …" and never echo a value (a misplaced secret must not end up in an error).

function rule(
  name: string,
  validate: (value: unknown, object: Record<string, unknown>) => string | undefined,
): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyKey as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          validate(value, (args?.object ?? {}) as Record<string, unknown>) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          validate(args?.value, (args?.object ?? {}) as Record<string, unknown>) ?? 'is invalid',
      },
    });
}

/**
 * An object whose keys are among `keys` and whose values are names (non-empty strings), or lists
 * of names when `lists` is true (`{ "resolved": ["Done", "Resolved"] }`).
 */
export function IsNameMap(keys: readonly string[], options: { lists?: boolean } = {}): PropertyDecorator {
  return rule('isNameMap', (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
    for (const [key, names] of Object.entries(value)) {
      if (!keys.includes(key)) return `has an unknown key "${key}": use ${keys.join(', ')}`;
      const list = options.lists && Array.isArray(names) ? names : [names];
      if (list.length === 0 || !list.every((name) => typeof name === 'string' && name.trim() !== ''))
        return `value of "${key}" must be a name${options.lists ? ' or a non-empty list of names' : ''}`;
    }
    return undefined;
  });
}

/** Set only together with `other` (an e-mail needs its API token, and back). */
export function SetTogetherWith(other: string): PropertyDecorator {
  return rule('setTogetherWith', (value, object) =>
    (value === undefined) === (object[other] === undefined)
      ? undefined
      : `must be set together with ${other}`,
  );
}

/** Not set when `other` is: two ways to authenticate would leave it unclear which one is used. */
export function NotTogetherWith(other: string): PropertyDecorator {
  return rule('notTogetherWith', (value, object) =>
    value === undefined || object[other] === undefined ? undefined : `must not be set together with ${other}`,
  );
}

/**
 * Set unless `other` is. Pair it with `@ValidateIf` letting undefined through only when `other`
 * is unset, so the published schema keeps the field optional.
 */
export function RequiredUnless(other: string): PropertyDecorator {
  return rule('requiredUnless', (value, object) =>
    value !== undefined || object[other] !== undefined ? undefined : `must be set, unless ${other} is`,
  );
}

/** Set when `other` has one of `values`. */
export function RequiredWhen(other: string, values: readonly string[]): PropertyDecorator {
  return rule('requiredWhen', (value, object) =>
    value !== undefined || !values.includes(String(object[other]))
      ? undefined
      : `must be set when ${other} is ${values.join(' or ')}`,
  );
}
