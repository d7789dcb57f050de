import { Injectable } from '@nestjs/common';
import type { BusMetrics, DeadLetterReason } from '@switchboard/bus';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRIC_PREFIX } from './metrics-registry';

/** Handler durations from a quick lookup (5 ms) to a slow vendor call (2 min). */
export const HANDLER_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
];

/** Prometheus implementation of the bus's {@link BusMetrics}, plus the bus mode gauge. */
@Injectable()
export class PromBusMetrics implements BusMetrics {
  private readonly publishedTotal: Counter<'stream' | 'outcome'>;
  private readonly consumedTotal: Counter<'consumer'>;
  private readonly ackedTotal: Counter<'consumer'>;
  private readonly nakedTotal: Counter<'consumer'>;
  private readonly deadLetteredTotal: Counter<'consumer' | 'reason'>;
  private readonly handlerDurationSeconds: Histogram<'consumer' | 'outcome'>;
  private readonly durableGauge: Gauge<'kind'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.publishedTotal = new Counter({
      name: `${METRIC_PREFIX}bus_published_total`,
      help: 'Events published, by stream and outcome (ok, duplicate = dropped by JetStream dedup, error).',
      labelNames: ['stream', 'outcome'],
      registers,
    });
    this.consumedTotal = new Counter({
      name: `${METRIC_PREFIX}bus_consumed_total`,
      help: 'Deliveries handed to a handler, by durable consumer (redeliveries included).',
      labelNames: ['consumer'],
      registers,
    });
    this.ackedTotal = new Counter({
      name: `${METRIC_PREFIX}bus_acked_total`,
      help: 'Deliveries acknowledged after their effects were committed, by consumer.',
      labelNames: ['consumer'],
      registers,
    });
    this.nakedTotal = new Counter({
      name: `${METRIC_PREFIX}bus_naked_total`,
      help: 'Deliveries handed back for a delayed retry after a retryable failure, by consumer.',
      labelNames: ['consumer'],
      registers,
    });
    this.deadLetteredTotal = new Counter({
      name: `${METRIC_PREFIX}bus_dead_lettered_total`,
      help: 'Messages moved to the DLQ, by consumer and reason (permanent, max_deliveries, invalid_event).',
      labelNames: ['consumer', 'reason'],
      registers,
    });
    this.handlerDurationSeconds = new Histogram({
      name: `${METRIC_PREFIX}bus_handler_duration_seconds`,
      help: 'Time a handler took per delivery, by consumer and outcome.',
      labelNames: ['consumer', 'outcome'],
      buckets: HANDLER_DURATION_BUCKETS,
      registers,
    });
    this.durableGauge = new Gauge({
      name: `${METRIC_PREFIX}bus_durable`,
      help: '1 when the bus is durable (JetStream); 0 when the in-process fallback runs and events are lost on restart.',
      labelNames: ['kind'],
      registers,
    });
  }

  published(stream: string, outcome: 'ok' | 'duplicate' | 'error'): void {
    this.publishedTotal.inc({ stream, outcome });
  }

  consumed(consumer: string): void {
    this.consumedTotal.inc({ consumer });
  }

  acked(consumer: string): void {
    this.ackedTotal.inc({ consumer });
  }

  naked(consumer: string): void {
    this.nakedTotal.inc({ consumer });
  }

  deadLettered(consumer: string, reason: DeadLetterReason): void {
    this.deadLetteredTotal.inc({ consumer, reason });
  }

  handlerDuration(consumer: string, seconds: number, outcome: 'ok' | 'error'): void {
    this.handlerDurationSeconds.observe({ consumer, outcome }, seconds);
  }

  /** Records which bus runs; alert on `switchboard_bus_durable == 0` in production. */
  busSelected(kind: string, durable: boolean): void {
    this.durableGauge.reset();
    this.durableGauge.set({ kind }, durable ? 1 : 0);
  }
}
