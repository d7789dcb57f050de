import { ConfigValidationError, loadConfig, type SwitchboardConfig } from '@switchboard/config';
import { isSwitchboardError } from '@switchboard/errors';
import { getRootLogger } from '@switchboard/observability';
import { bootstrapHttpApp, type HttpAppOptions, type RootModule } from './bootstrap-http-app';

/**
 * The body of every app's `main.ts`: start, shut down gracefully on SIGTERM/SIGINT/SIGHUP, and on a
 * failed start print why and exit 1. An invalid environment is printed as plain text to stderr
 * (the log format may be among the invalid variables); every other failure is logged as fatal.
 */
export async function runHttpApp(
  rootModule: RootModule,
  options: Omit<HttpAppOptions, 'handleSignals'>,
): Promise<void> {
  let config: SwitchboardConfig;
  try {
    config = options.config ?? loadConfig(options.env ?? process.env);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  try {
    await bootstrapHttpApp(rootModule, { ...options, config, handleSignals: true });
  } catch (error) {
    const logger = await getRootLogger(config);
    const message = error instanceof Error ? error.message : String(error);
    // A SwitchboardError explains itself; a stack helps only with the unexpected.
    const fields = isSwitchboardError(error) ? { code: error.code } : { err: error };
    logger.fatal(fields, `Switchboard ${options.name} failed to start: ${message}`);
    // Connections opened before the failure (bus, database) would keep the process alive.
    process.exit(1);
  }
}
