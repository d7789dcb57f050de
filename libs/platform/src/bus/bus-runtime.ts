import type { EventBus } from '@switchboard/bus';
import type { LaunchedNatsServer } from '../nats/nats-server-launcher';

/** Where the bus came from, in the order the hub tries them. */
export type BusSource = 'nats-url' | 'launched-nats-server' | 'in-process';

/**
 * The bus this process runs on and how it was chosen. Injectable by class; `EVENT_BUS` provides
 * the same bus for code that only publishes and subscribes.
 */
export class BusRuntime {
  constructor(
    readonly bus: EventBus,
    readonly source: BusSource,
    /** One line for logs and `/readyz`: which server, or why the in-process fallback runs. */
    readonly detail: string,
    /** The nats-server this process started (or reused) when `source` is `launched-nats-server`. */
    readonly server?: LaunchedNatsServer,
  ) {}

  get durable(): boolean {
    return this.bus.durable;
  }

  /** Drains the bus (in-flight handlers finish), then stops a nats-server this process started. */
  async close(): Promise<void> {
    try {
      await this.bus.close();
    } finally {
      await this.server?.stop();
    }
  }
}
