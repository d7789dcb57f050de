import { redactUrlCredentials } from '@switchboard/errors';
import type { ConnectorLogger, ConnectorLogLevel } from './connector-logger';

/** What a secret value, or the value of a sensitive-looking key, is replaced with. */
export const REDACTED_SECRET = '[REDACTED]';

/**
 * Shorter values are ignored: redacting every `"id"` or `"1"` in a log would destroy the log
 * without protecting anything (a 3-character secret is not a secret).
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Keys whose values are censored whatever they contain, so a credential the redactor was never
 * told about (a vendor echoing `access_token`, a header object) still stays out of logs.
 */
const SENSITIVE_KEY =
  /authori[sz]ation|password|passwd|secret|token|api[-_]?key|cookie|credential|private[-_]?key/i;

/** Deep copies stop here; anything deeper is summarised rather than walked. */
const MAX_DEPTH = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The spellings a secret takes on its way into a message: as is, percent-encoded in a URL, form
 * encoded in a query string, escaped inside a JSON document.
 */
function spellingsOf(secret: string): string[] {
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  return [secret, encodeURIComponent(secret), form, JSON.stringify(secret).slice(1, -1)];
}

/**
 * Replaces known secret values with `[REDACTED]` in text and in structured values. Built from the
 * values of an instance's secret config (tokens, passwords, client secrets); the HTTP client adds
 * the credentials it injects itself. Also hides URL passwords (`scheme://user:***@host`) through
 * the hub-wide `redactUrlCredentials`.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();
  private pattern?: RegExp;

  constructor(secrets: Iterable<string | null | undefined> = []) {
    this.add(...secrets);
  }

  /** Registers more secret values, e.g. a token obtained by a refresh. Short or empty values are ignored. */
  add(...secrets: Array<string | null | undefined>): void {
    let changed = false;
    for (const secret of secrets) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
      for (const spelling of spellingsOf(secret)) {
        if (!this.secrets.has(spelling)) {
          this.secrets.add(spelling);
          changed = true;
        }
      }
    }
    if (!changed) return;
    // Longest first, so a secret that contains another is replaced whole, not in pieces.
    const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = new RegExp(alternatives.join('|'), 'g');
  }

  /** The text with every known secret (and every URL password) replaced. */
  redactString(text: string): string {
    const withoutSecrets = this.pattern ? text.replace(this.pattern, REDACTED_SECRET) : text;
    return redactUrlCredentials(withoutSecrets);
  }

  /**
   * A redacted deep copy of `value`, safe to log: strings are redacted, values under
   * sensitive-looking keys (`authorization`, `password`, `secret`, `token`, `apiKey`, `cookie`, …)
   * are censored, errors become `{ name, message, code }`, binary data is summarised by its size,
   * cycles and very deep nesting are cut. The input is never modified.
   */
  redactValue(value: unknown): unknown {
    return this.copy(value, 0, new WeakSet());
  }

  private copy(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (value === null || typeof value !== 'object') {
      return typeof value === 'function' || typeof value === 'symbol' ? `[${typeof value}]` : value;
    }
    if (seen.has(value)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[Truncated]';
    if (value instanceof Date) return new Date(value.getTime());
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
    seen.add(value);
    try {
      if (value instanceof Error) return this.copyError(value);
      if (Array.isArray(value)) return value.map((item) => this.copy(item, depth + 1, seen));
      if (value instanceof Map) return this.copyEntries([...value.entries()], depth, seen);
      if (value instanceof Set) return [...value].map((item) => this.copy(item, depth + 1, seen));
      return this.copyEntries(Object.entries(value), depth, seen);
    } finally {
      seen.delete(value);
    }
  }

  private copyEntries(entries: Array<[unknown, unknown]>, depth: number, seen: WeakSet<object>) {
    const result: Record<string, unknown> = {};
    for (const [rawKey, item] of entries) {
      const key = this.redactString(String(rawKey));
      result[key] =
        SENSITIVE_KEY.test(key) && item != null ? REDACTED_SECRET : this.copy(item, depth + 1, seen);
    }
    return result;
  }

  private copyError(error: Error): Record<string, unknown> {
    // Stack and cause are left out on purpose: a stack repeats the message unredacted by
    // construction order, and a library's cause (an axios error) carries request headers.
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: this.redactString(error.message),
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    };
  }
}

/**
 * Wraps a logger so every message and every field value goes through the redactor first.
 * The HTTP client and the runtime wrap the logger they hand to connector code with this.
 */
export function redactingLogger(logger: ConnectorLogger, redactor: SecretRedactor): ConnectorLogger {
  const isLevelEnabled = (level: ConnectorLogLevel): boolean => logger.isLevelEnabled?.(level) ?? true;
  const wrap =
    (level: ConnectorLogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (!isLevelEnabled(level)) return;
      const safeFields =
        fields === undefined ? undefined : (redactor.redactValue(fields) as Record<string, unknown>);
      logger[level](redactor.redactString(message), safeFields);
    };
  return {
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: wrap('error'),
    isLevelEnabled,
  };
}
