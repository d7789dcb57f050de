/**
 * `2026-11-22T04:54:35Z`: a time as Redmine writes its timestamps and reads its `updated_on`
 * filter (whole seconds: a fraction makes the filter answer 422). Truncates, so a boundary stays
 * inclusive.
 */
export function toRedmineSecond(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
