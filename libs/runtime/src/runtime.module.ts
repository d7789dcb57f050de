import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { EVENT_BUS, JetStreamBus, type EventBus } from '@switchboard/bus';
import { ConnectorCatalogueModule } from '@switchboard/connector-registry';
import type { AnyConnectorDefinition } from '@switchboard/connector-sdk';
import { OutboxModule } from '@switchboard/outbox';
import { SecretsModule } from '@switchboard/platform';
import { CheckResponder } from './check/check-responder';
import { CommandWorker } from './commands/command-worker';
import { InstanceHealthService } from './health/instance-health.service';
import { InstanceHost } from './hosting/instance-host';
import { WebhookIngress } from './ingress/webhook-ingress';
import { WebhookMetrics } from './ingress/webhook-metrics';
import { KvLeaseStore, MemoryLeaseStore, type LeaseStore } from './polling/lease-store';
import { LEASE_STORE } from './polling/lease.tokens';
import { PollScheduler } from './polling/poll-scheduler';

export interface RuntimeModuleOptions {
  /** The connectors this runtime can run (the catalogue, `@switchboard/connectors`). */
  connectors: readonly AnyConnectorDefinition[];
}

/** Leases in NATS KV when the bus is JetStream, in memory for the single-process fallback. */
const LEASE_PROVIDER: Provider = {
  provide: LEASE_STORE,
  inject: [EVENT_BUS],
  useFactory: async (bus: EventBus): Promise<LeaseStore> =>
    bus instanceof JetStreamBus ? KvLeaseStore.open(bus.connection) : new MemoryLeaseStore(),
};

/**
 * The connector runtime: hosts every connector instance of the database (reloaded on change),
 * takes webhooks at `POST /hooks/:instanceId`, runs pollers (one replica per instance) and command
 * workers, answers "test connection", and reports per-instance health. Needs the platform
 * (database, bus, config); the hub and the connector-runtime app import it.
 */
@Module({})
export class RuntimeModule {
  static forRoot(options: RuntimeModuleOptions): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [ConnectorCatalogueModule.forRoot(options.connectors), SecretsModule, OutboxModule],
      providers: [
        InstanceHealthService,
        InstanceHost,
        WebhookMetrics,
        WebhookIngress,
        LEASE_PROVIDER,
        PollScheduler,
        CommandWorker,
        CheckResponder,
      ],
      exports: [InstanceHost, InstanceHealthService, PollScheduler, CheckResponder],
    };
  }
}
