/** What replaces a secret-looking value in an audit entry. */
export const AUDIT_REDACTED = '[REDACTED]';

/** Keys whose values never reach the audit trail, at any depth. */
export const SECRET_KEY_PATTERN = /secret|password|token|apikey|api_key|credential|private/i;

/**
 * A copy of a JSON-like value with every member whose key looks secret replaced by
 * {@link AUDIT_REDACTED}, recursively through objects and arrays. Done before hashing: the chain
 * must be verifiable from what is stored, and what is stored must not hold secrets.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    copy[key] = SECRET_KEY_PATTERN.test(key) ? AUDIT_REDACTED : redactSecrets(member);
  }
  return copy;
}
