import { Equals, IsIn, IsInt, Min } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { URI_PATTERN } from '../schemas/common.schema';
import { IsText, IsTextMatching, IsTimestamp, OptionalField } from '../schemas/validation.decorators';
import type { CloudEvent, SyncMode } from './cloud-event';
import { EVENT_TYPE_PATTERN } from './event-type';

export const SYNC_MODES = ['live', 'backfill', 'reconcile', 'replay'] as const satisfies readonly SyncMode[];

/** Any UUID (8-4-4-4-12 hex). Ids we create are UUIDv7; other producers' ids are accepted as UUIDs. */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** `/connectors/<type>/<instanceId>` or `/hub/<service>`. */
export const SOURCE_PATTERN =
  /^\/(connectors\/[a-z][a-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9._:-]*|hub\/[a-z][a-z0-9_-]*)$/;

/** W3C trace context `traceparent`: `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`. */
export const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** Tenant ids become a NATS subject token (`evt.<tenant>.…`): no dots, wildcards or spaces. */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * CloudEvents extension attribute names: lower-case ASCII letters and digits. (The spec also
 * advises at most 20 characters; that is not enforced.)
 */
export const EXTENSION_NAME_PATTERN = /^[a-z0-9]+$/;

/**
 * The envelope's context attributes as a class-validator class, for {@link validateEvent} and the
 * JSON Schema generator. `data` and unknown extensions are checked separately (the data class
 * depends on `type`; extensions are open-ended).
 */
@JSONSchema({ description: 'Switchboard CloudEvents 1.0 envelope.' })
export class CloudEventEnvelope {
  @Equals('1.0', { message: 'must be 1.0' })
  specversion!: '1.0';

  @IsTextMatching(UUID_PATTERN, 'be a UUID')
  id!: string;

  @IsTextMatching(SOURCE_PATTERN, 'be /connectors/<type>/<instanceId> or /hub/<service>')
  source!: string;

  @IsTextMatching(EVENT_TYPE_PATTERN, 'be io.switchboard.<domain>.<entity>.<verb>.v<major>')
  type!: string;

  @IsText()
  subject!: string;

  @IsTimestamp()
  time!: string;

  @Equals('application/json', { message: 'must be application/json' })
  datacontenttype!: 'application/json';

  @IsTextMatching(URI_PATTERN, 'be an absolute URI')
  dataschema!: string;

  @OptionalField()
  @IsText()
  correlationid?: string;

  @OptionalField()
  @IsText()
  causationid?: string;

  @OptionalField()
  @IsTextMatching(TRACEPARENT_PATTERN, 'be a W3C traceparent (00-<trace id>-<span id>-<flags>)')
  traceparent?: string;

  @OptionalField()
  @IsText()
  partitionkey?: string;

  @OptionalField()
  @IsText()
  sequence?: string;

  @OptionalField()
  @IsTimestamp()
  recordedtime?: string;

  @OptionalField()
  @IsTextMatching(TENANT_ID_PATTERN, 'contain only letters, digits, "-" and "_"')
  tenantid?: string;

  @OptionalField()
  @IsText()
  dedupkey?: string;

  @OptionalField()
  @IsText()
  originconnector?: string;

  @OptionalField()
  @IsText()
  originchangeid?: string;

  @OptionalField()
  @IsInt({ message: 'must be a non-negative integer' })
  @Min(0, { message: 'must be a non-negative integer' })
  hopcount?: number;

  @OptionalField()
  @IsText()
  baseversion?: string;

  @OptionalField()
  @IsText()
  changedfields?: string;

  @OptionalField()
  @IsIn(SYNC_MODES)
  syncmode?: SyncMode;
}

// Keeps the class and the public interface in step: adding an attribute to one and not the other
// fails the type check here.
type EnvelopeKeys = keyof CloudEventEnvelope;
type InterfaceKeys = Exclude<keyof CloudEvent, 'data'>;
const _sameAttributes: [EnvelopeKeys, InterfaceKeys] extends [InterfaceKeys, EnvelopeKeys] ? true : never =
  true;
void _sameAttributes;
