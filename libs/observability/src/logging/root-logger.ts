import { Writable } from 'node:stream';
import type { SwitchboardConfig } from '@switchboard/config';
import pino, { type DestinationStream, type Logger } from 'pino';
import { resolveLogFormat } from './log-format';
import { LOG_REDACT_PATHS, REDACTED } from './log-redaction';

export interface RootLoggerOptions {
  /** Where lines go (default stdout). Tests pass a memory stream. */
  destination?: DestinationStream;
  /** Overrides the terminal detection behind `LOG_FORMAT=auto`. */
  stdoutIsTty?: boolean;
}

/**
 * The process's pino logger: level and format from the configuration, ISO timestamps, level
 * names instead of numbers, secrets censored (see {@link LOG_REDACT_PATHS}).
 */
export async function createRootLogger(
  config: SwitchboardConfig,
  options: RootLoggerOptions = {},
): Promise<Logger> {
  const format = resolveLogFormat(config.log.format, options.stdoutIsTty);
  const base: pino.LoggerOptions = {
    level: config.log.level,
    redact: { paths: [...LOG_REDACT_PATHS], censor: REDACTED },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (format === 'json') {
    return pino({ ...base, formatters: { level: (label) => ({ level: label }) } }, options.destination);
  }
  const pretty = await loadPrettyStream(options.destination);
  if (!pretty) {
    const logger = pino(base, options.destination);
    logger.warn('pino-pretty is not installed (production install?): logging JSON lines instead');
    return logger;
  }
  return pino(base, pretty);
}

/**
 * pino-pretty is a development dependency: a production install (`npm ci --omit=dev`) lacks it,
 * so it is loaded lazily and its absence is not an error. It runs in this thread (not as a pino
 * transport worker) so the last lines before an exit are never lost.
 */
async function loadPrettyStream(destination?: DestinationStream): Promise<DestinationStream | undefined> {
  let pinoPretty: typeof import('pino-pretty');
  try {
    pinoPretty = (await import('pino-pretty')).default;
  } catch {
    return undefined;
  }
  return pinoPretty({
    colorize: destination === undefined && process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    // `[Bus] connected` on one line instead of a separate `context:` line under each message.
    messageFormat: '{if context}[{context}] {end}{msg}',
    ignore: 'pid,hostname,context',
    sync: true,
    // pino-pretty needs a real stream; pino accepts anything with `write`.
    ...(destination ? { destination: asWritable(destination) } : {}),
  });
}

function asWritable(destination: DestinationStream): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      destination.write(chunk.toString());
      callback();
    },
  });
}

const rootLoggers = new WeakMap<SwitchboardConfig, Promise<Logger>>();

/**
 * One root logger per configuration object, shared by the bootstrap (messages before and around
 * Nest) and `LoggingModule` (Nest and HTTP logs), so both write through the same stream.
 */
export function getRootLogger(config: SwitchboardConfig): Promise<Logger> {
  let logger = rootLoggers.get(config);
  if (!logger) {
    logger = createRootLogger(config);
    rootLoggers.set(config, logger);
  }
  return logger;
}
