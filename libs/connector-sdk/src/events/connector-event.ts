import { createHash } from 'node:crypto';
import { createEvent, type CloudEvent, type SyncMode } from '@switchboard/events';

/**
 * An event as a connector hook produces it: the canonical type, the entity key and the data. The
 * platform wraps it into a CloudEvent with this instance's source, tenant and ids, so connectors
 * never build envelopes by hand.
 */
export interface ConnectorEvent<TData = unknown> {
  /** A registered canonical type, one of the manifest's `emits`. */
  type: string;
  /** The entity key (alert dedupKey, ticket key). Also the default ordering key. */
  subject: string;
  data: TData;
  /** When it happened at the origin (ISO 8601). Defaults to when the hub received it. */
  time?: string;
  /**
   * Stable identity of this occurrence at the origin (a journal id, a webhook delivery id, a
   * fingerprint + status + timestamp). The same key always yields the same event id, so a re-sent
   * webhook or a re-run poll page is stored once by JetStream and skipped by consumers.
   */
  occurrenceKey?: string;
  /** Ordering key; defaults to `subject`. */
  partitionkey?: string;
  dedupkey?: string;
  /** Echo suppression: the origin's change id, when the change was ours (see the sync engine). */
  originchangeid?: string;
  syncmode?: SyncMode;
  correlationid?: string;
  causationid?: string;
}

/** Where an instance's events come from. */
export interface EventOrigin {
  tenantId: string;
  connectorType: string;
  instanceId: string;
}

/** `/connectors/<type>/<instanceId>`. */
export function connectorSource(origin: Pick<EventOrigin, 'connectorType' | 'instanceId'>): string {
  return `/connectors/${origin.connectorType}/${origin.instanceId}`;
}

/**
 * The CloudEvent of a connector event: source, tenant, origin connector and (from
 * `occurrenceKey`) a deterministic id filled in. Not validated here: the bus validates on publish
 * and the testkit validates every fixture.
 */
export function toCloudEvent<TData>(
  event: ConnectorEvent<TData>,
  origin: EventOrigin,
  receivedAt: Date = new Date(),
): CloudEvent<TData> {
  const time = event.time ?? receivedAt.toISOString();
  return createEvent<TData>({
    type: event.type,
    source: connectorSource(origin),
    subject: event.subject,
    data: event.data,
    time,
    id:
      event.occurrenceKey === undefined
        ? undefined
        : deterministicEventId(
            `${origin.tenantId}\u0000${origin.instanceId}\u0000${event.type}\u0000${event.occurrenceKey}`,
            time,
          ),
    tenantid: origin.tenantId,
    partitionkey: event.partitionkey ?? event.subject,
    dedupkey: event.dedupkey,
    originconnector: origin.instanceId,
    originchangeid: event.originchangeid,
    syncmode: event.syncmode,
    correlationid: event.correlationid,
    causationid: event.causationid,
    recordedtime: receivedAt.toISOString(),
  });
}

/**
 * A UUIDv7 that is a pure function of `seed` and `time`: the 48-bit timestamp is `time` (so ids
 * still sort by origin time, as v7 ids do), the 74 "random" bits come from SHA-256 of the seed.
 */
export function deterministicEventId(seed: string, time: string | Date): string {
  const ms = BigInt(Math.max(0, new Date(time).getTime() || 0));
  const digest = createHash('sha256').update(seed).digest();
  const bytes = Buffer.alloc(16);
  bytes.writeBigUInt64BE(ms << 16n, 0); // 48-bit ms timestamp in bytes 0-5
  digest.copy(bytes, 6, 0, 10);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
