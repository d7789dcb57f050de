import type { LoggerService } from '@nestjs/common';
import type { BusMetrics } from './event-bus';
import type { ProcessedEventStore } from './idempotency/processed-event-store';

/** Injection token for the hub's {@link EventBus}. */
export const EVENT_BUS = Symbol('switchboard:event-bus');

/** Stream names and their subject spaces (see DESIGN.md, "Bus"). */
export const STREAMS = {
  EVT: { name: 'EVT', subjects: ['evt.>'] },
  CMD: { name: 'CMD', subjects: ['cmd.>'] },
  DLQ: { name: 'DLQ', subjects: ['dlq.>'] },
} as const;

export type StreamKey = keyof typeof STREAMS;

export interface StreamSettings {
  /** `limits` keeps facts for replay; `workqueue` deletes a message once acked. */
  retention: 'limits' | 'workqueue' | 'interest';
  /** 0 = unlimited. */
  maxAgeMs: number;
  /** JetStream de-duplication window on `Nats-Msg-Id`. */
  duplicateWindowMs: number;
  storage: 'file' | 'memory';
  replicas: number;
}

export const DEFAULT_STREAM_SETTINGS: Record<StreamKey, StreamSettings> = {
  EVT: {
    retention: 'limits',
    maxAgeMs: 7 * 24 * 3600_000,
    duplicateWindowMs: 120_000,
    storage: 'file',
    replicas: 1,
  },
  // Commands are a work queue per target instance: interest retention keeps a command until every
  // consumer that covers it has acked (workqueue would forbid overlapping consumers on 2.9).
  CMD: {
    retention: 'interest',
    maxAgeMs: 7 * 24 * 3600_000,
    duplicateWindowMs: 120_000,
    storage: 'file',
    replicas: 1,
  },
  DLQ: {
    retention: 'limits',
    maxAgeMs: 30 * 24 * 3600_000,
    duplicateWindowMs: 120_000,
    storage: 'file',
    replicas: 1,
  },
};

export interface CommonBusOptions {
  metrics?: BusMetrics;
  /** Defaults to a Nest `Logger` with context `Bus` (routed to pino by the apps). */
  logger?: LoggerService;
  /** Where consumers record handled event ids; defaults per implementation (JetStream KV / memory). */
  processedStore?: ProcessedEventStore;
  /** Tenant used in subjects for events that carry no `tenantid` (default `default`). */
  defaultTenant?: string;
}

export interface JetStreamBusOptions extends CommonBusOptions {
  /** `nats://[user:pass@]host:port`, comma-separated or an array for a cluster. */
  servers: string | string[];
  /** Connection name shown in `nats-server` monitoring. */
  name?: string;
  /** Per-stream overrides; applied idempotently at connect (changed settings are updated in place). */
  streams?: Partial<Record<StreamKey, Partial<StreamSettings>>>;
  connectTimeoutMs?: number;
  /** How long handled event ids are remembered (default 7 days). */
  processedTtlMs?: number;
}

export interface InProcessBusOptions extends CommonBusOptions {
  /** Same meaning as for JetStream: max age and de-duplication window of the memory streams. */
  streams?: Partial<Record<StreamKey, Partial<StreamSettings>>>;
}
