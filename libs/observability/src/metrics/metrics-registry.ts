import { collectDefaultMetrics, Registry } from 'prom-client';

/** Prefix of every metric Switchboard defines itself. */
export const METRIC_PREFIX = 'switchboard_';

/**
 * A registry per application instance (never prom-client's global one, so tests and several
 * apps in one process do not collide), with Node's default process metrics under their standard
 * names (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`, …) that existing dashboards
 * expect; Switchboard's own metrics carry the `switchboard_` prefix.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
