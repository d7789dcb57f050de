import type { LogFormat } from '@switchboard/config';

/** `auto` picks pretty output for a person at a terminal and JSON lines for log collectors. */
export function resolveLogFormat(
  format: LogFormat,
  stdoutIsTty: boolean = process.stdout.isTTY === true,
): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return stdoutIsTty ? 'pretty' : 'json';
}
