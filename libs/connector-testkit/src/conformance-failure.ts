/**
 * A connector broke a rule of the connector contract. The message says what the kit saw, why it
 * matters and what to change; configured secrets in it are masked.
 */
export class ConformanceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceFailure';
  }
}

/** Throws a {@link ConformanceFailure} unless `condition` holds. */
export function ensure(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new ConformanceFailure(typeof message === 'string' ? message : message());
}

/** A value for a failure message: compact JSON, cut at `max` characters. */
export function show(value: unknown, max = 300): string {
  let text: string;
  if (value instanceof Error) text = `${value.name}: ${value.message}`;
  else {
    try {
      text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
