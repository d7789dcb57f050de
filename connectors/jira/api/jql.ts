/** A JQL string literal: double quotes, with `"` and `\` escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** `a AND b AND c`, each clause parenthesised, empty ones skipped. */
export function jqlAnd(clauses: readonly (string | undefined)[]): string {
  return clauses
    .filter((clause): clause is string => !!clause && clause.trim() !== '')
    .map((clause) => `(${clause})`)
    .join(' AND ');
}

/** `field in ("a", "b")`. */
export function jqlIn(field: string, values: readonly string[]): string {
  return `${field} in (${values.map(jqlString).join(', ')})`;
}

/**
 * A JQL date-time literal for `at` in the searching user's time zone, to the minute: JQL reads
 * dates in the user's zone and has no seconds, so callers filter the results to the exact time.
 */
export function jqlDateTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return jqlString(`${parts.year}/${parts.month}/${parts.day} ${parts.hour}:${parts.minute}`);
}
