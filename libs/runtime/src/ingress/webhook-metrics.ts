import { Injectable, Optional } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** `switchboard_webhooks_total{connector,status}` and the events they became. */
@Injectable()
export class WebhookMetrics {
  readonly #deliveries?: Counter<'connector' | 'status'>;
  readonly #events?: Counter<'connector'>;

  constructor(@Optional() registry?: Registry) {
    if (!registry) return;
    this.#deliveries = new Counter({
      name: 'switchboard_webhooks_total',
      help: 'Webhook deliveries received, by connector type and the HTTP status answered (202 accepted).',
      labelNames: ['connector', 'status'],
      registers: [registry],
    });
    this.#events = new Counter({
      name: 'switchboard_webhook_events_total',
      help: 'Canonical events published from accepted webhook deliveries, by connector type.',
      labelNames: ['connector'],
      registers: [registry],
    });
  }

  accepted(connector: string, events: number): void {
    this.#deliveries?.inc({ connector, status: '202' });
    this.#events?.inc({ connector }, events);
  }

  refused(connector: string, status: number): void {
    this.#deliveries?.inc({ connector, status: String(status) });
  }
}
