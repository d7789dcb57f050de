import { Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { createMetricsRegistry } from './metrics-registry';
import { PromBusMetrics } from './prom-bus-metrics';

/**
 * Prometheus metrics: one prom-client `Registry` (inject it by its class to add metrics),
 * `GET /metrics`, HTTP request durations, and {@link PromBusMetrics} for the bus. Global, so any
 * module can register metrics without importing this one.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    { provide: Registry, useFactory: createMetricsRegistry },
    PromBusMetrics,
    HttpMetricsMiddleware,
  ],
  exports: [Registry, PromBusMetrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
