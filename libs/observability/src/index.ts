export { LoggingModule } from './logging/logging.module';
export type { LoggingModuleOptions } from './logging/logging.module';
export { createRootLogger, getRootLogger } from './logging/root-logger';
export type { RootLoggerOptions } from './logging/root-logger';
export { resolveLogFormat } from './logging/log-format';
export { LOG_REDACT_PATHS, REDACTED } from './logging/log-redaction';
export { httpLoggerOptions, REQUEST_ID_HEADER } from './logging/http-logger.options';
export { MetricsModule } from './metrics/metrics.module';
export { MetricsController } from './metrics/metrics.controller';
export { createMetricsRegistry, METRIC_PREFIX } from './metrics/metrics-registry';
export { PromBusMetrics, HANDLER_DURATION_BUCKETS } from './metrics/prom-bus-metrics';
export {
  HttpMetricsMiddleware,
  HTTP_DURATION_BUCKETS,
  UNMATCHED_ROUTE,
} from './metrics/http-metrics.middleware';
