import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
} from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@switchboard/bus';
import { SwitchboardConfig } from '@switchboard/config';
import { PromBusMetrics } from '@switchboard/observability';
import { BusRuntime } from './bus-runtime';
import { selectEventBus } from './select-event-bus';

export interface BusModuleOptions {
  /** NATS connection name, e.g. `switchboard-hub`, to tell apps apart in NATS monitoring. */
  connectionName?: string;
}

/**
 * Closes the bus before the database: `beforeApplicationShutdown` runs ahead of every
 * `onApplicationShutdown`, so handlers still draining can commit their work.
 */
@Injectable()
class BusShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Bus');

  constructor(private readonly runtime: BusRuntime) {}

  async beforeApplicationShutdown(): Promise<void> {
    this.logger.log('Draining the bus');
    await this.runtime.close();
  }
}

/**
 * The process's bus, selected at start (see `selectEventBus`): provides `EVENT_BUS` and
 * {@link BusRuntime}; reports to {@link PromBusMetrics} when `MetricsModule` is loaded; drains the
 * bus and stops a nats-server it started on shutdown. Global; needs `ConfigModule`.
 */
@Global()
@Module({})
export class BusModule {
  static forRoot(options: BusModuleOptions = {}): DynamicModule {
    return {
      module: BusModule,
      providers: [
        {
          provide: BusRuntime,
          inject: [SwitchboardConfig, { token: PromBusMetrics, optional: true }],
          useFactory: async (config: SwitchboardConfig, metrics?: PromBusMetrics) => {
            const runtime = await selectEventBus(config, { connectionName: options.connectionName, metrics });
            metrics?.busSelected(runtime.bus.kind, runtime.bus.durable);
            return runtime;
          },
        },
        {
          provide: EVENT_BUS,
          inject: [BusRuntime],
          useFactory: (runtime: BusRuntime): EventBus => runtime.bus,
        },
        BusShutdown,
      ],
      exports: [BusRuntime, EVENT_BUS],
    };
  }
}

/** Injects the bus: `constructor(@InjectEventBus() private readonly bus: EventBus)`. */
export const InjectEventBus = (): PropertyDecorator & ParameterDecorator => Inject(EVENT_BUS);
