import type { ConsumerOptions } from '../event-bus';

/** Marks handlers and clients of the Switchboard bus transport. */
export const BUS_TRANSPORT = Symbol('switchboard:bus-transport');

/**
 * Per-handler settings, passed as `@EventPattern(filter, extras)`. Every field is optional:
 * the durable name defaults to `<durablePrefix>-<filter>` with the filter's dots and wildcards
 * turned into dashes, the rest to the consumer defaults.
 */
export type BusEventExtras = Partial<Omit<ConsumerOptions, 'filterSubject'>>;

export interface BusTransportOptions {
  /** Prefix of derived durable names, usually the app's name, so two apps never share a consumer by accident. */
  durablePrefix: string;
}

export function defaultDurableName(prefix: string, pattern: string): string {
  const suffix = pattern
    .replace(/\*/g, 'any')
    .replace(/>/g, 'all')
    .replace(/[^A-Za-z0-9_-]+/g, '-');
  return `${prefix}-${suffix}`.slice(0, 200);
}
