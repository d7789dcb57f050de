/**
 * The logger a connector receives from the runtime. Structured: a short constant message plus
 * fields, so operators can filter on `fields.path` or `fields.status` instead of parsing text.
 * The runtime backs it with the hub's pino logger and wraps it in {@link redactingLogger}, so
 * configured secret values never reach the log even if a connector passes them by mistake.
 */
export interface ConnectorLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /**
   * Whether a line at this level would be written. Optional (absent = yes); the SDK asks before
   * preparing a line (redacting its fields copies them), so lines below the hub's `LOG_LEVEL`
   * cost nothing on a connector's hot path.
   */
  isLevelEnabled?(level: ConnectorLogLevel): boolean;
}

export type ConnectorLogLevel = 'debug' | 'info' | 'warn' | 'error';

const ignore = (): void => undefined;

/** Drops everything. The default when no logger is injected (tests, one-off scripts). */
export const silentLogger: ConnectorLogger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  isLevelEnabled: () => false,
});
