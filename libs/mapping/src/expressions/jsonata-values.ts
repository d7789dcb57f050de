import { UNDECIDED, type Undecided } from './fast-node';

/**
 * JSONata's `$boolean` (its truth for conditions, `and`, `or`, `$not`): undefined for nothing;
 * a list is true when any item is; an object when it has keys.
 */
export function jsonataBoolean(value: unknown): boolean | undefined | Undecided {
  if (value === undefined) return undefined;
  if (value === null) return false;
  if (Array.isArray(value)) {
    if (value.length === 1) return jsonataBoolean(value[0]) ?? false;
    let result = false;
    for (const item of value) {
      const truth = jsonataBoolean(item);
      if (truth === UNDECIDED) return UNDECIDED;
      if (truth === true) result = true;
    }
    return result;
  }
  switch (typeof value) {
    case 'string':
      return value.length > 0;
    case 'number':
      // JSONata throws on infinities (D1001): its error, not ours.
      if (!Number.isFinite(value)) return Number.isNaN(value) ? false : UNDECIDED;
      return value !== 0;
    case 'boolean':
      return value;
    case 'object':
      return Object.keys(value).length > 0;
    default:
      return false; // a function
  }
}

/** A condition's truth: nothing counts as false. */
export function holdsTruth(value: unknown): boolean | Undecided {
  const truth = jsonataBoolean(value);
  return truth === undefined ? false : truth;
}

/**
 * JSONata's `$string` (what `&` joins): text as it is, anything else as JSON with numbers cut to
 * 15 significant digits, as JSONata prints them. An infinity is JSONata's error (D1001/D3001).
 */
export function jsonataText(value: unknown): string | undefined | Undecided {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  let infinite = false;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'number') return item;
    if (!Number.isFinite(item)) infinite ||= !Number.isNaN(item);
    return Number.isInteger(item) || !Number.isFinite(item) ? item : Number(item.toPrecision(15));
  });
  return infinite ? UNDECIDED : text;
}

/**
 * JSONata's `=`: scalars by identity, lists item by item, objects by their keys and values. A list
 * compared with an object is left to JSONata, which compares the list's own properties (its length
 * and, for its own sequences, their marks).
 */
export function jsonataEqual(a: unknown, b: unknown): boolean | Undecided {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return UNDECIDED;
  if (Array.isArray(a)) {
    const list = b as unknown[];
    if (a.length !== list.length) return false;
    for (let index = 0; index < a.length; index++) {
      const same = jsonataEqual(a[index], list[index]);
      if (same !== true) return same;
    }
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  let result: boolean | Undecided = true;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(right, key)) return false;
    const same = jsonataEqual(left[key], right[key]);
    if (same === false) return false;
    if (same === UNDECIDED) result = UNDECIDED;
  }
  return result;
}

/** JSONata's lookup of a name on one item that is not a list: own properties of objects only. */
export function ownProperty(item: unknown, name: string): unknown {
  if (item === null || typeof item !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(item, name)
    ? (item as Record<string, unknown>)[name]
    : undefined;
}

export function isScalar(value: unknown): value is string | number | boolean | null {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

/** Finite numbers: the only operands JSONata's arithmetic takes without an error. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
