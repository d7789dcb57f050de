/**
 * Where a JSON value holds a `__proto__` key or a `constructor` object with a `prototype` (the
 * shapes of prototype pollution), as a path from `at`; undefined when it holds none. Walks without
 * recursion, so a deeply nested value cannot overflow the stack here.
 */
export function prototypeKeyPath(value: unknown, at: string): string | undefined {
  const stack: Array<[unknown, string]> = [[value, at]];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (!Array.isArray(current)) {
      if (Object.hasOwn(current, '__proto__')) return `${path}.__proto__`;
      const ctor = (current as Record<string, unknown>).constructor;
      if (
        Object.hasOwn(current, 'constructor') &&
        ctor !== null &&
        typeof ctor === 'object' &&
        Object.hasOwn(ctor, 'prototype')
      )
        return `${path}.constructor.prototype`;
    }
    for (const [key, child] of Object.entries(current)) stack.push([child, `${path}.${key}`]);
  }
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
