/**
 * A Jira time (`2021-01-17T12:34:00.000+0000`, epoch milliseconds in webhooks) as RFC 3339 UTC,
 * or undefined when it is not a time.
 */
export function jiraTimestamp(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  // Jira writes offsets without a colon (+0000), which Date.parse reads but RFC 3339 does not allow.
  const at = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}
