import type { INestApplication } from '@nestjs/common';
import { formatDuration } from '@switchboard/config';
import type { Logger } from 'pino';

/** SIGHUP too: a closed terminal would otherwise kill the hub and orphan the nats-server it started. */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * On SIGTERM, SIGINT or SIGHUP: close the app (readiness turns 503, the bus drains, a launched
 * nats-server stops, the database closes), then exit 0. Exits 1 when that takes longer than
 * `timeoutMs` or fails; a second signal exits at once.
 *
 * Nest's `enableShutdownHooks()` is not used: it re-raises the signal after closing, so the
 * process always ends "killed by SIGTERM" (exit status 143) and it has no timeout.
 */
export function installGracefulShutdown(
  app: INestApplication,
  timeoutMs: number,
  logger: Logger,
): () => void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.warn(`${signal} received again: exiting without waiting for the shutdown to finish`);
      process.exit(1);
    }
    shuttingDown = true;
    logger.info(`${signal} received: shutting down (up to ${formatDuration(timeoutMs)})`);
    const timer = setTimeout(() => {
      logger.error(
        `Shutdown did not finish within ${formatDuration(timeoutMs)} (SWITCHBOARD_SHUTDOWN_TIMEOUT): exiting`,
      );
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    app.close().then(
      () => {
        clearTimeout(timer);
        logger.info('Shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
}
