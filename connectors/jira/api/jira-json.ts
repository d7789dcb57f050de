import { SwitchboardError } from '@switchboard/connector-sdk';

// Reading Jira's answers without trusting them: a proxy's HTML page, a field of the wrong type or
// a missing key becomes a typed error naming the call and what was wrong, never a TypeError deep
// in a mapper that would crash the command.

/** A plain object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A non-empty string (numbers are accepted and written as strings: Jira ids come as both). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** An array, or an empty one. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The error for a 2xx answer that is not what the API documents. A body that is not JSON at all
 * (an HTML maintenance page from a proxy) is `retryable`: it says nothing about the data and often
 * goes away. JSON of the wrong shape is `permanent`: asking again gets the same answer.
 */
export function malformedResponse(call: string, problem: string, body: unknown): SwitchboardError {
  const notJson = typeof body === 'string' || body === undefined;
  const sample = typeof body === 'string' ? `: ${body.replace(/\s+/g, ' ').slice(0, 120)}` : '';
  const message = `${call} answered with ${notJson ? 'something that is not JSON' : 'JSON Jira does not document'}: ${problem}${sample}`;
  return notJson ? SwitchboardError.retryable(message) : SwitchboardError.permanent(message);
}

/** The body as an object, or a {@link malformedResponse}. */
export function expectRecord(call: string, body: unknown): Record<string, unknown> {
  const record = asRecord(body);
  if (!record) throw malformedResponse(call, 'expected a JSON object', body);
  return record;
}
