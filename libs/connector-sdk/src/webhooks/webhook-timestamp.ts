import type { WebhookTimestampFormat } from './webhook-auth-scheme';

/** Default replay window, both into the past and (for clock skew) into the future. */
export const DEFAULT_WEBHOOK_TOLERANCE_MS = 5 * 60_000;

const DIGITS = /^\d+(\.\d+)?$/;

/** Reads a webhook timestamp; `undefined` when it cannot be read in the declared format. */
export function parseWebhookTimestamp(
  raw: string,
  format: WebhookTimestampFormat = 'auto',
): Date | undefined {
  const text = raw.trim();
  const numeric = DIGITS.test(text);
  let ms: number;
  if (format === 'unix-seconds' || (format === 'auto' && numeric && text.split('.')[0].length < 13)) {
    ms = numeric ? Number(text) * 1000 : NaN;
  } else if (format === 'unix-ms' || (format === 'auto' && numeric)) {
    ms = numeric ? Number(text) : NaN;
  } else {
    // ISO only: a bare number here would be read by Date.parse as a year.
    ms = numeric ? NaN : Date.parse(text);
  }
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** Writes a timestamp the way a sender declared with `format` would (`auto` → unix seconds). */
export function formatWebhookTimestamp(at: Date, format: WebhookTimestampFormat = 'auto'): string {
  if (format === 'unix-ms') return String(at.getTime());
  if (format === 'iso') return at.toISOString();
  return String(Math.floor(at.getTime() / 1000));
}

/** Where a timestamp falls relative to the window around `now`. */
export function timestampWindowPosition(
  at: Date,
  now: Date,
  toleranceMs: number = DEFAULT_WEBHOOK_TOLERANCE_MS,
): 'inside' | 'too_old' | 'in_future' {
  const age = now.getTime() - at.getTime();
  if (age > toleranceMs) return 'too_old';
  if (age < -toleranceMs) return 'in_future';
  return 'inside';
}
