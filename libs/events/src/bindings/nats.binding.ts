import { SwitchboardError } from '@switchboard/errors';
import type { CloudEvent } from '../envelope/cloud-event';
import { assertValidEvent } from '../validation/event-validator';
import { attributeValueOf, dataContentTypeOf, headerValueOf } from './header-values';

/** An event as NATS carries it: binary content mode. */
export interface NatsMessage {
  headers: Record<string, string>;
  data: Uint8Array;
}

const CE_PREFIX = 'ce-';
const JSON_CONTENT_TYPE = 'application/json';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function invalid(path: string, message: string): SwitchboardError {
  return SwitchboardError.validation(`Invalid NATS message: ${path}: ${message}`, [{ path, message }]);
}

/**
 * Encodes an event for NATS in CloudEvents binary mode: every context attribute (extensions
 * included) as a `ce-<name>` header, `hopcount` as a decimal string, `content-type:
 * application/json`, and the JSON of `data` as the body. Does not validate: validate before
 * publishing.
 */
export function toNatsMessage(event: CloudEvent): NatsMessage {
  const headers: Record<string, string> = { 'content-type': JSON_CONTENT_TYPE };
  const attributes = event as unknown as Record<string, unknown>;
  for (const name in attributes) {
    const value = attributes[name];
    if (name !== 'data' && value !== undefined) headers[CE_PREFIX + name] = headerValueOf(value);
  }
  return { headers, data: encoder.encode(JSON.stringify(event.data)) };
}

/**
 * Decodes a NATS binary-mode message (header names case-insensitive) and validates the result
 * with `assertValidEvent`. Throws a `validation` SwitchboardError naming the problem for missing
 * or bad headers, a body that is not UTF-8 JSON, or an event that does not validate.
 */
export function fromNatsMessage(headers: Record<string, string>, data: Uint8Array): CloudEvent {
  const event: Record<string, unknown> = {};
  let contentType: string | undefined;
  for (const name in headers) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    const lower = name.toLowerCase();
    if (lower.startsWith(CE_PREFIX)) {
      const attribute = lower.slice(CE_PREFIX.length);
      // `data` travels in the body, never in a header.
      if (attribute !== '' && attribute !== 'data') event[attribute] = attributeValueOf(attribute, value);
    } else if (lower === 'content-type') {
      contentType = value;
    }
  }
  if (event.datacontenttype === undefined && contentType !== undefined) {
    event.datacontenttype = dataContentTypeOf(contentType);
  } else if (typeof event.datacontenttype === 'string') {
    event.datacontenttype = dataContentTypeOf(event.datacontenttype);
  }
  if (!(data instanceof Uint8Array)) throw invalid('data', 'the message body must be bytes');
  if (data.length > 0) {
    let text: string;
    try {
      text = decoder.decode(data);
    } catch {
      throw invalid('data', 'the message body is not valid UTF-8');
    }
    try {
      event.data = JSON.parse(text) as unknown;
    } catch {
      throw invalid('data', 'the message body is not valid JSON');
    }
  }
  return assertValidEvent(event);
}
