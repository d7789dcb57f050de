import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_BUS, type EventBus, type Subscription } from '@switchboard/bus';
import type { CommandResultData } from '@switchboard/connector-sdk';
import type { CloudEvent } from '@switchboard/events';
import { FlowStore } from './flow-store';
import { RESULT_CONSUMER, RunEngine, TRIGGER_CONSUMER } from './run-engine';

/** How often due retries and expired approvals are looked for. */
export const TICK_INTERVAL_MS = 1_000;

/** Event types the orchestrator never treats as triggers: its own bookkeeping and the hub's. */
const NOT_TRIGGERS = /^io\.switchboard\.(hub|orch)\./;

/**
 * Connects the run engine to the bus: a durable consumer of every fact (`evt.>`: triggers), one of
 * command results (`evt.*.hub.command.>`), watchers that drop cached flows and instances when the
 * admin API changes them, and a ticker for retries and approval expiry. Replicas share the
 * consumers; events of one partition (an alert's dedupKey) are handled in order.
 */
@Injectable()
export class OrchestratorLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Orchestrator');
  readonly #subscriptions: Subscription[] = [];
  #timer?: NodeJS.Timeout;
  #ticking = false;

  constructor(
    private readonly engine: RunEngine,
    private readonly flows: FlowStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.#subscriptions.push(
      await this.bus.subscribe(
        // The engine claims each event in its own transaction: the bus's record would be a second one.
        {
          durable: TRIGGER_CONSUMER,
          filterSubject: 'evt.>',
          stream: 'EVT',
          concurrency: 64,
          idempotent: false,
        },
        async (event: CloudEvent) => {
          if (NOT_TRIGGERS.test(event.type)) return;
          await this.engine.onEvent(event);
        },
      ),
      await this.bus.subscribe<CommandResultData>(
        {
          durable: RESULT_CONSUMER,
          filterSubject: 'evt.*.hub.command.>',
          stream: 'EVT',
          concurrency: 64,
          idempotent: false,
        },
        (event) => this.engine.onResult(event),
      ),
      await this.bus.watch('evt.*.hub.flow.changed', (event) => this.flows.invalidate(event.tenantid)),
      await this.bus.watch('evt.*.hub.instance.changed', (event) => this.flows.invalidate(event.tenantid)),
    );
    this.#timer = setInterval(() => void this.tick(), TICK_INTERVAL_MS);
    this.#timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.#timer);
    for (const subscription of this.#subscriptions.splice(0)) await subscription.stop();
  }

  private async tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      await this.engine.tick();
    } catch (error) {
      this.logger.error(`Tick failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.#ticking = false;
    }
  }
}
