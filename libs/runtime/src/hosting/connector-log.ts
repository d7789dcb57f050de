import { Logger } from '@nestjs/common';
import type { ConnectorLogger } from '@switchboard/connector-sdk';

/** A connector's logger backed by the app's (pino) logger, with the instance as context. */
export function connectorLogger(connectorType: string, instanceId: string): ConnectorLogger {
  const logger = new Logger(`Connector ${connectorType} ${instanceId}`);
  const line = (message: string, fields?: Record<string, unknown>) =>
    fields && Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message;
  return {
    debug: (message, fields) => logger.debug(line(message, fields)),
    info: (message, fields) => logger.log(line(message, fields)),
    warn: (message, fields) => logger.warn(line(message, fields)),
    error: (message, fields) => logger.error(line(message, fields)),
  };
}
