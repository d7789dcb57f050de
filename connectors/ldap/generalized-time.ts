// LDAP GeneralizedTime (RFC 4517 §3.3.13), the syntax of modifyTimestamp and createTimestamp:
// `YYYYMMDDHH[MM[SS]][(.|,)fraction](Z|±HH[MM])`. OpenLDAP writes `20261201142009Z`, Active
// Directory `20261201142009.0Z`.

const GENERALIZED_TIME =
  /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/;

/** Milliseconds since the epoch, or undefined when `text` is not a GeneralizedTime. */
export function parseGeneralizedTime(text: string): number | undefined {
  const match = GENERALIZED_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const fields = [month, day, hour, minute ?? '00', second ?? '00'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const [mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  // A fraction applies to the last unit given (RFC 4517): of an hour, a minute or a second.
  const unitMs = second !== undefined ? 1000 : minute !== undefined ? 60_000 : 3_600_000;
  const fractionMs = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * unitMs);
  let ms = Date.UTC(Number(year), mo - 1, d, h, mi, Math.min(s, 59)) + fractionMs;
  if (zone !== 'Z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    const offsetMinutes = Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(3, 5) || '0');
    ms -= sign * offsetMinutes * 60_000;
  }
  return Number.isNaN(ms) ? undefined : ms;
}

/** `20261201142009Z`, or `20261201142009.123Z` when there are milliseconds: UTC, as filters take it. */
export function formatGeneralizedTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-12-01T14:20:09.123Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const millis = iso.slice(20, 23);
  return millis === '000' ? `${digits}Z` : `${digits}.${millis}Z`;
}

/** The RFC 3339 form the canonical model carries (`2026-12-01T14:20:09Z`), or undefined. */
export function generalizedTimeToIso(text: string): string | undefined {
  const ms = parseGeneralizedTime(text);
  if (ms === undefined) return undefined;
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
