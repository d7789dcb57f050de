import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { SwitchboardConfig } from '@switchboard/config';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { httpLoggerOptions } from './http-logger.options';
import { RequestContextLifetimeMiddleware } from './request-context-lifetime.middleware';
import { createRootLogger, getRootLogger } from './root-logger';

export interface LoggingModuleOptions {
  /** Write to this stream instead of stdout (tests). */
  destination?: DestinationStream;
}

const ALL_ROUTES = { path: '{*path}', method: RequestMethod.ALL };

/**
 * pino for Nest and HTTP: `Logger` from nestjs-pino becomes injectable (and is what
 * `bootstrapHttpApp` installs as the app logger); every request gets an id that is attached to
 * every line logged while handling it (the context is on only while requests are in flight, see
 * {@link RequestContextLifetimeMiddleware}). Needs `ConfigModule`.
 */
@Module({})
export class LoggingModule implements NestModule {
  static forRoot(options: LoggingModuleOptions = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [SwitchboardConfig],
          useFactory: async (config: SwitchboardConfig) => {
            const logger = options.destination
              ? await createRootLogger(config, { destination: options.destination })
              : await getRootLogger(config);
            return {
              pinoHttp: httpLoggerOptions(logger),
              forRoutes: [ALL_ROUTES],
            };
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextLifetimeMiddleware).forRoutes(ALL_ROUTES);
  }
}
