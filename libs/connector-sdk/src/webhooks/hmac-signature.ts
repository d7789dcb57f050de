import { createHmac } from 'node:crypto';
import type { HmacAlgorithm, SignatureEncoding } from './webhook-auth-scheme';

const BODY = '${body}';
const TIMESTAMP = '${timestamp}';

/** Default signed payload: the raw body alone. */
export const DEFAULT_SIGNED_PAYLOAD = BODY;

/** Options of {@link signHmac}. */
export interface SignHmacOptions {
  algorithm: HmacAlgorithm;
  secret: string | Buffer;
  /** The bytes to sign: the raw body, or what {@link buildSignedPayload} made of it. */
  payload: Buffer | string;
  encoding: SignatureEncoding;
  /** Prepended to the encoded digest, e.g. `sha256=`. */
  prefix?: string;
}

/**
 * Signs a payload the way webhook senders do: `prefix + encode(HMAC(secret, payload))`.
 * For tests, for the conformance testkit, and for connectors that send webhooks themselves.
 */
export function signHmac(options: SignHmacOptions): string {
  const digest = createHmac(options.algorithm, options.secret)
    .update(options.payload)
    .digest(options.encoding);
  return `${options.prefix ?? ''}${digest}`;
}

/** Whether a signed-payload template refers to the timestamp. */
export function templateUsesTimestamp(template: string): boolean {
  return template.includes(TIMESTAMP);
}

/**
 * Builds the bytes that are signed from a template such as `v0:${timestamp}:${body}`. The body is
 * spliced in as bytes, never decoded to text, so non-UTF-8 payloads verify byte for byte.
 */
export function buildSignedPayload(template: string, rawBody: Buffer, timestamp?: string): Buffer {
  if (templateUsesTimestamp(template) && timestamp === undefined) {
    throw new Error('The signed payload template uses ${timestamp} but no timestamp was given');
  }
  const parts = template.split(BODY).map((text) => Buffer.from(text.split(TIMESTAMP).join(timestamp ?? '')));
  const chunks: Buffer[] = [];
  parts.forEach((part, index) => {
    if (index > 0) chunks.push(rawBody);
    chunks.push(part);
  });
  return Buffer.concat(chunks);
}

/**
 * Values of `key` in a `k=v,k=v` header (Stripe's `t=1700000000,v1=abc,v1=def`). Several values
 * per key are kept: senders rotating secrets sign with both.
 */
export function headerListValues(header: string, key: string): string[] {
  return header
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${key}=`))
    .map((pair) => pair.slice(key.length + 1));
}

const HEX = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The digest bytes of an encoded signature; `undefined` when it is not valid in that encoding. */
export function decodeSignature(encoded: string, encoding: SignatureEncoding): Buffer | undefined {
  if (encoding === 'hex') {
    return HEX.test(encoded) && encoded.length % 2 === 0 ? Buffer.from(encoded, 'hex') : undefined;
  }
  // Node's base64 decoder also reads the URL-safe alphabet, which some senders use.
  return BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
}
