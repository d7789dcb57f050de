import {
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@switchboard/bus';
import { DataSource } from 'typeorm';
import { OutboxRelay } from './outbox-relay';

/** Starts the relay once the app is up; stops it before the bus drains. */
@Injectable()
class OutboxRelayLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(OutboxRelay) private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }
}

/**
 * The transactional outbox of this process: provides {@link OutboxRelay}, which publishes what
 * `enqueueEvents` wrote once the transaction committed. Global; needs `DataSource` and `EVENT_BUS`.
 */
@Global()
@Module({
  providers: [
    {
      provide: OutboxRelay,
      inject: [DataSource, EVENT_BUS],
      useFactory: (dataSource: DataSource, bus: EventBus) => new OutboxRelay(dataSource, bus),
    },
    OutboxRelayLifecycle,
  ],
  exports: [OutboxRelay],
})
export class OutboxModule {}
