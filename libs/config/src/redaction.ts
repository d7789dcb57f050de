import { redactUrlCredentials } from '@switchboard/errors';

export { redactUrlCredentials };

/**
 * How a sensitive value may be shown: URLs keep everything but their passwords (the host is what
 * an operator needs to fix a typo); anything else is replaced by its length only.
 */
export function redactSensitiveValue(value: string): string {
  if (value.includes('://')) return redactUrlCredentials(value);
  return `<redacted, ${value.length} characters>`;
}
