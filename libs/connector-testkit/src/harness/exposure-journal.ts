import { maskSecrets, type SecretSpelling } from './secret-spellings';

/** Where a connector's output surfaces: what operators, admins and the bus get to see. */
export type ExposureChannel = 'log' | 'result' | 'error' | 'event';

/** One thing a connector let out during a check. */
export interface Exposure {
  /** Title of the check it happened in. */
  check: string;
  channel: ExposureChannel;
  /** What it was, e.g. `warn log "vendor request failed"` or `check result`. */
  what: string;
  value: unknown;
}

/** A secret spelling found in an exposure. */
export interface SecretLeak {
  exposure: Exposure;
  spelling: SecretSpelling;
  /** The text around the find, secrets masked. */
  excerpt: string;
}

/**
 * Everything connectors let out while the kit ran them (log lines, check results, action
 * outputs, events, thrown errors), so the secrets check can look for secrets in all of it.
 */
export class ExposureJournal {
  readonly #entries: Exposure[] = [];

  record(exposure: Exposure): void {
    this.#entries.push(exposure);
  }

  get entries(): readonly Exposure[] {
    return this.#entries;
  }

  /** Every spelling found, at most one finding per exposure and spelling. */
  leaks(spellings: readonly SecretSpelling[]): SecretLeak[] {
    const leaks: SecretLeak[] = [];
    for (const exposure of this.#entries) {
      for (const text of textsOf(exposure.value)) {
        for (const spelling of spellings) {
          const at = text.indexOf(spelling.text);
          if (at < 0) continue;
          if (leaks.some((leak) => leak.exposure === exposure && leak.spelling === spelling)) continue;
          const excerpt = text.slice(Math.max(0, at - 60), at + spelling.text.length + 60);
          leaks.push({ exposure, spelling, excerpt: maskSecrets(excerpt, spellings) });
        }
      }
    }
    return leaks;
  }
}

/**
 * Every string a value carries, keys included: what would end up in a JSON log line, an API
 * answer or an event. Errors contribute their message (and field errors), binary data its UTF-8
 * text.
 */
export function textsOf(value: unknown, seen: WeakSet<object> = new WeakSet()): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  if (seen.has(value)) return [];
  seen.add(value);
  if (Buffer.isBuffer(value)) return [value.toString('utf8')];
  if (value instanceof Error) {
    const fieldErrors = (value as { fieldErrors?: unknown }).fieldErrors;
    return [value.message, ...textsOf(fieldErrors, seen)];
  }
  if (value instanceof Date) return [];
  const entries: [unknown, unknown][] =
    value instanceof Map
      ? [...value.entries()]
      : value instanceof Set || Array.isArray(value)
        ? [...value].map((item) => [undefined, item])
        : Object.entries(value);
  return entries.flatMap(([key, item]) => [
    ...(typeof key === 'string' ? [key] : []),
    ...textsOf(item, seen),
  ]);
}
