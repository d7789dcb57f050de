import { Logger } from '@nestjs/common';
import type { LogLevel } from '@switchboard/config';
import type { ConnectorLogger, ConnectorLogLevel } from '@switchboard/connector-sdk';

/** pino's order of levels: a line is written when its level is at or above the configured one. */
const RANK: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

/**
 * A connector's logger backed by the app's (pino) logger, with the instance as context. It says
 * which levels `level` (the hub's `LOG_LEVEL`) lets through, so the SDK does not redact and
 * format the fields of lines that would be dropped.
 */
export function connectorLogger(connectorType: string, instanceId: string, level: LogLevel): ConnectorLogger {
  const logger = new Logger(`Connector ${connectorType} ${instanceId}`);
  const line = (message: string, fields?: Record<string, unknown>) =>
    fields && Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message;
  return {
    debug: (message, fields) => logger.debug(line(message, fields)),
    info: (message, fields) => logger.log(line(message, fields)),
    warn: (message, fields) => logger.warn(line(message, fields)),
    error: (message, fields) => logger.error(line(message, fields)),
    isLevelEnabled: (wanted: ConnectorLogLevel) => RANK[wanted] >= RANK[level],
  };
}
