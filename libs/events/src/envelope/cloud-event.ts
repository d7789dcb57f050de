/** Ingestion mode of an event: how it came to be published. */
export type SyncMode = 'live' | 'backfill' | 'reconcile' | 'replay';

/**
 * A Switchboard event: a CloudEvents 1.0 envelope with the hub's extension attributes and a
 * typed `data` payload. Extension names are lower-case alphanumerics, as CloudEvents requires.
 */
export interface CloudEvent<TData = unknown> {
  // --- CloudEvents 1.0 required/optional context attributes ---
  specversion: '1.0';
  /** UUIDv7; reused when the same event is re-sent; also the JetStream `Nats-Msg-Id`. */
  id: string;
  /** `/connectors/<type>/<instanceId>` or `/hub/<service>`. */
  source: string;
  /** `io.switchboard.<domain>.<entity>.<verb>.v<major>`. */
  type: string;
  /** Entity key, e.g. the alert's dedupKey or the ticket's canonical key. */
  subject: string;
  /** When it happened at the origin (RFC 3339). */
  time: string;
  datacontenttype: 'application/json';
  /** URI of the JSON Schema for `data`. */
  dataschema: string;

  // --- Switchboard extensions ---
  /** The episode this event belongs to. */
  correlationid?: string;
  /** The id of the event that caused this one. */
  causationid?: string;
  /** W3C trace context. */
  traceparent?: string;
  /** Ordering key: events with the same key are handled in order. */
  partitionkey?: string;
  /** Monotonic sequence at the origin, when the origin has one. */
  sequence?: string;
  /** When the hub recorded the event (RFC 3339). */
  recordedtime?: string;
  tenantid?: string;
  dedupkey?: string;
  /** Echo suppression: which connector instance and which change at that origin produced this. */
  originconnector?: string;
  originchangeid?: string;
  /** Last-resort loop breaker: incremented on every hop through the hub. */
  hopcount?: number;
  /** Optimistic concurrency: the version the change was based on. */
  baseversion?: string;
  /** Comma-separated list of changed field paths. */
  changedfields?: string;
  syncmode?: SyncMode;

  data: TData;
}

/** Names of every context attribute (envelope minus `data`), in a stable order. */
export const CONTEXT_ATTRIBUTES = [
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'datacontenttype',
  'dataschema',
  'correlationid',
  'causationid',
  'traceparent',
  'partitionkey',
  'sequence',
  'recordedtime',
  'tenantid',
  'dedupkey',
  'originconnector',
  'originchangeid',
  'hopcount',
  'baseversion',
  'changedfields',
  'syncmode',
] as const satisfies readonly (keyof CloudEvent)[];

export type ContextAttribute = (typeof CONTEXT_ATTRIBUTES)[number];
