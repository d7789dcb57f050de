import { SwitchboardError } from '@switchboard/errors';
import type { CloudEvent } from '../envelope/cloud-event';
import { assertValidEvent } from '../validation/event-validator';
import { isPlainObject } from '../validation/instance-hydrator';
import { attributeValueOf, dataContentTypeOf, headerValueOf, mediaTypeOf } from './header-values';

/** An event as an HTTP request or response carries it. */
export interface HttpMessage {
  headers: Record<string, string>;
  body: string;
}

/** Incoming headers as Node's `IncomingHttpHeaders`, Express or a plain record give them. */
export type HttpHeaders = Record<string, string | string[] | undefined>;

/** Content type of structured mode (CloudEvents JSON format). */
export const CLOUDEVENTS_JSON = 'application/cloudevents+json';
const CLOUDEVENTS_BATCH_JSON = 'application/cloudevents-batch+json';
const CE_PREFIX = 'ce-';
const decoder = new TextDecoder('utf-8', { fatal: true });

function invalid(path: string, message: string): SwitchboardError {
  return SwitchboardError.validation(
    `Invalid CloudEvents HTTP message: ${path ? `${path}: ` : ''}${message}`,
    [{ path, message }],
  );
}

/**
 * Structured content mode: the whole event (attributes and `data`) as the JSON body,
 * `content-type: application/cloudevents+json; charset=utf-8`. Does not validate.
 */
export function toHttpStructured(event: CloudEvent): HttpMessage {
  return {
    headers: { 'content-type': `${CLOUDEVENTS_JSON}; charset=utf-8` },
    body: JSON.stringify(event),
  };
}

/**
 * Binary content mode: each context attribute as a `ce-<name>` header (percent-encoded where the
 * HTTP binding requires), `datacontenttype` as `content-type`, and the JSON of `data` as the body.
 * Does not validate.
 */
export function toHttpBinary(event: CloudEvent): HttpMessage {
  const headers: Record<string, string> = { 'content-type': event.datacontenttype ?? 'application/json' };
  const attributes = event as unknown as Record<string, unknown>;
  for (const name in attributes) {
    const value = attributes[name];
    if (name !== 'data' && name !== 'datacontenttype' && value !== undefined) {
      headers[CE_PREFIX + name] = headerValueOf(value);
    }
  }
  return { headers, body: JSON.stringify(event.data) };
}

function lowerCaseHeaders(headers: HttpHeaders): Map<string, string> {
  const lowered = new Map<string, string>();
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    lowered.set(name.toLowerCase(), Array.isArray(value) ? value.join(',') : String(value));
  }
  return lowered;
}

function parseJson(body: string | Uint8Array, path: string): unknown {
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else {
    try {
      text = decoder.decode(body);
    } catch {
      throw invalid(path, 'the body is not valid UTF-8');
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid(path, 'the body is not valid JSON');
  }
}

function fromStructured(body: string | Uint8Array): CloudEvent {
  const parsed = parseJson(body, '');
  if (!isPlainObject(parsed)) throw invalid('', 'a structured-mode body must be a JSON object');
  const event: Record<string, unknown> = { ...parsed };
  if (event.data === undefined && typeof event.data_base64 === 'string') {
    event.data = parseJson(Buffer.from(event.data_base64, 'base64'), 'data_base64');
    delete event.data_base64;
  }
  if (typeof event.datacontenttype === 'string')
    event.datacontenttype = dataContentTypeOf(event.datacontenttype);
  return assertValidEvent(event);
}

function fromBinary(headers: Map<string, string>, body: string | Uint8Array): CloudEvent {
  const event: Record<string, unknown> = {};
  for (const [name, value] of headers) {
    if (!name.startsWith(CE_PREFIX)) continue;
    const attribute = name.slice(CE_PREFIX.length);
    if (attribute !== '' && attribute !== 'data') event[attribute] = attributeValueOf(attribute, value);
  }
  const contentType = headers.get('content-type');
  if (contentType !== undefined) event.datacontenttype = dataContentTypeOf(contentType);
  if (body.length > 0) event.data = parseJson(body, 'data');
  return assertValidEvent(event);
}

/**
 * Reads an event from an HTTP message, detecting the content mode as the CloudEvents HTTP binding
 * says: `content-type: application/cloudevents+json` is structured mode, a `ce-specversion`
 * header is binary mode. Header names are case-insensitive; binary-mode values are
 * percent-decoded. The event is validated with `assertValidEvent`; anything wrong (batch mode,
 * not a CloudEvent, a body that is not JSON, an invalid event) is a `validation` SwitchboardError.
 */
export function fromHttp(headers: HttpHeaders, body: string | Uint8Array): CloudEvent {
  const lowered = lowerCaseHeaders(headers);
  const mediaType = mediaTypeOf(lowered.get('content-type') ?? '');
  if (mediaType === CLOUDEVENTS_BATCH_JSON) throw invalid('', 'batched content mode is not supported');
  if (mediaType === CLOUDEVENTS_JSON) return fromStructured(body);
  if (mediaType.startsWith('application/cloudevents')) {
    throw invalid('', `unsupported CloudEvents event format ${mediaType}; use ${CLOUDEVENTS_JSON}`);
  }
  if (lowered.has('ce-specversion')) return fromBinary(lowered, body);
  throw invalid('', `not a CloudEvent: no ce-specversion header and content-type is not ${CLOUDEVENTS_JSON}`);
}
