// CloudEvents HTTP binding §3.1.3.2: header values carry printable ASCII only; space, `"`, `%`
// and anything outside U+0021–U+007E are percent-encoded as UTF-8. The NATS binding uses the
// same rule so one decoder serves both.

/** Characters that must be percent-encoded in a header value. */
const NEEDS_ENCODING = /[^\x21\x23\x24\x26-\x7e]/;

/** Percent-encodes what the CloudEvents HTTP binding requires; other characters are kept. */
export function encodeHeaderValue(value: string): string {
  if (!NEEDS_ENCODING.test(value)) return value;
  let encoded = '';
  for (const character of value) {
    if (!NEEDS_ENCODING.test(character)) {
      encoded += character;
      continue;
    }
    for (const byte of Buffer.from(character, 'utf8'))
      encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/**
 * Decodes percent-encoding. A value that is not valid percent-encoded UTF-8 (a non-conforming
 * sender's raw `%`) is kept as received rather than rejected.
 */
export function decodeHeaderValue(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Header value for a context attribute value (strings encoded, integers and booleans as text). */
export function headerValueOf(value: unknown): string {
  return typeof value === 'string' ? encodeHeaderValue(value) : encodeHeaderValue(String(value));
}

const DIGITS = /^\d+$/;

/**
 * Restores the JSON type of a context attribute read from a header: `hopcount` is an integer;
 * everything else stays a string (the validator then says what is wrong, if anything).
 */
export function attributeValueOf(name: string, headerValue: string): string | number {
  const value = decodeHeaderValue(headerValue);
  return name === 'hopcount' && DIGITS.test(value) ? Number(value) : value;
}

/** The media type of a content-type header, lower-cased, without parameters. */
export function mediaTypeOf(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

const UTF8_CHARSET = /^\s*charset\s*=\s*"?utf-8"?\s*$/i;

/**
 * The `datacontenttype` a content-type header stands for. `application/json; charset=utf-8` is
 * plain `application/json` (UTF-8 is JSON's only encoding); anything else is kept as sent, and
 * the validator rejects it.
 */
export function dataContentTypeOf(contentType: string): string {
  const [media, ...parameters] = contentType.split(';');
  if (media.trim().toLowerCase() === 'application/json' && parameters.every((p) => UTF8_CHARSET.test(p))) {
    return 'application/json';
  }
  return contentType.trim();
}
