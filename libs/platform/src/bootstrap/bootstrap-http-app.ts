import type { AddressInfo } from 'node:net';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { connectBusTransport, EVENT_BUS, type EventBus } from '@switchboard/bus';
import { loadConfig, type SwitchboardConfig } from '@switchboard/config';
import { getRootLogger } from '@switchboard/observability';
import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { HttpFastLane, installFastLane } from '../http/fast-lane/http-fast-lane';
import { configureHttpApp, type HttpAppSettings } from '../http/configure-http-app';
import { setupOpenApiDocs } from '../http/openapi-docs';
import { installGracefulShutdown } from './graceful-shutdown';

/** An app's root module: a class whose `forRoot(config)` composes the modules the app runs. */
export interface RootModule {
  forRoot(config: SwitchboardConfig): DynamicModule;
}

export interface HttpAppOptions extends HttpAppSettings {
  /** `hub`, `connector-runtime`, `orchestrator`, `admin-api`: used in log lines. */
  name: string;
  /** Environment to configure from (default `process.env`); ignored when `config` is given. */
  env?: Readonly<Record<string, string | undefined>>;
  /** An already loaded configuration. */
  config?: SwitchboardConfig;
  /** Install SIGTERM/SIGINT/SIGHUP handlers that shut down gracefully and exit (default false; `runHttpApp` sets it). */
  handleSignals?: boolean;
}

export interface RunningHttpApp {
  readonly app: NestExpressApplication;
  readonly config: SwitchboardConfig;
  /** Where the app listens, with the real port when `SWITCHBOARD_PORT=0`. */
  readonly url: string;
  readonly logger: Logger;
  /** Closes the app (same path as a signal, without exiting the process). */
  close(): Promise<void>;
}

/**
 * Starts an app: configuration (validated before anything connects), pino logging, the shared
 * HTTP conventions, then `listen` on `SWITCHBOARD_HOST:SWITCHBOARD_PORT`.
 *
 * @throws ConfigValidationError before anything starts when the environment is invalid;
 *   otherwise whatever stopped the start (the app is closed again first, when it was created).
 */
export async function bootstrapHttpApp(
  rootModule: RootModule,
  options: HttpAppOptions,
): Promise<RunningHttpApp> {
  const config = options.config ?? loadConfig(options.env ?? process.env);
  const logger = await getRootLogger(config);
  for (const warning of config.warnings) logger.warn(warning);

  // Nest logs through pino from its first line; nestjs-pino's DI logger (with request context)
  // replaces this one once the app exists.
  const startupLogger = new StartupLogger(new PinoLogger({ pinoHttp: { logger } }), {});
  const app = await NestFactory.create<NestExpressApplication>(rootModule.forRoot(config), {
    logger: startupLogger,
    // Without this Nest calls process.abort() on a failed start: no message, a core dump.
    abortOnError: false,
    // Webhook signatures are computed over the exact bytes received.
    rawBody: true,
  });
  let removeSignalHandlers: (() => void) | undefined;
  try {
    app.useLogger(app.get(NestPinoLogger, { strict: false }));
    configureHttpApp(app, options);
    // Ahead of Express: the hot ingest routes some modules register (webhook ingress).
    installFastLane(app.getHttpServer(), app.get(HttpFastLane, { strict: false }));
    setupOpenApiDocs(app);
    // Every @EventPattern / @MessagePattern in the app's modules becomes a bus consumer or responder.
    const bus = app.get<EventBus>(EVENT_BUS, { strict: false });
    connectBusTransport(app, bus, { durablePrefix: options.name });
    await app.startAllMicroservices();
    await app.listen(config.http.port, config.http.host);
    const url = listeningUrl(app);
    logger.info({ url }, `Switchboard ${options.name} listening on ${url}`);
    if (options.handleSignals)
      removeSignalHandlers = installGracefulShutdown(app, config.shutdownTimeoutMs, logger);
    return {
      app,
      config,
      url,
      logger,
      close: async () => {
        removeSignalHandlers?.();
        await app.close();
      },
    };
  } catch (error) {
    removeSignalHandlers?.();
    await app.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Nest's ExceptionHandler logs a failed start (with the stack) before rethrowing it; the error
 * reaches our caller, which reports it once, so that first copy is dropped.
 */
class StartupLogger extends NestPinoLogger {
  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (optionalParams.at(-1) === 'ExceptionHandler') return;
    super.error(message, ...optionalParams);
  }
}

function listeningUrl(app: NestExpressApplication): string {
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
