import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { SwitchboardConfig } from '@switchboard/config';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { httpLoggerOptions } from './http-logger.options';
import { createRootLogger, getRootLogger } from './root-logger';

export interface LoggingModuleOptions {
  /** Write to this stream instead of stdout (tests). */
  destination?: DestinationStream;
}

/**
 * pino for Nest and HTTP: `Logger` from nestjs-pino becomes injectable (and is what
 * `bootstrapHttpApp` installs as the app logger); every request gets an id that is attached to
 * every line logged while handling it. Needs `ConfigModule`.
 */
@Module({})
export class LoggingModule {
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
              forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
            };
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
