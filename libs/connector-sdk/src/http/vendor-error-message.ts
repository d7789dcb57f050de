import type { FieldError } from '@switchboard/errors';

/** Longest vendor message kept in an error: enough for a sentence, not for an HTML error page. */
export const MAX_VENDOR_MESSAGE_LENGTH = 500;

/** What a vendor said in an error response. */
export interface VendorError {
  message?: string;
  fieldErrors: FieldError[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const isText = (value: string | undefined): value is string => value !== undefined;

function truncate(message: string, max: number): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** `{ message }`, `{ detail }`, `{ title }`, or a bare string — one entry of an `errors` list. */
function entryMessage(entry: unknown): string | undefined {
  if (!isObject(entry)) return text(entry);
  return text(entry.message) ?? text(entry.detail) ?? text(entry.title) ?? text(entry.code);
}

/** The field an error entry is about: `field`, `path`, `param`, or JSON:API's `source.pointer`. */
function entryField(entry: unknown): string | undefined {
  if (!isObject(entry)) return undefined;
  const source = isObject(entry.source) ? entry.source : {};
  return (
    text(entry.field) ??
    text(entry.path) ??
    text(entry.param) ??
    text(source.pointer) ??
    text(source.parameter)
  );
}

/** `{ field: 'msg' }` or `{ field: ['msg', …] }` (Jira, Rails, Django). */
function fieldMap(errors: Json): FieldError[] {
  return Object.entries(errors).flatMap(([path, value]) => {
    const messages = Array.isArray(value) ? value.map(entryMessage) : [entryMessage(value)];
    return messages
      .filter((message): message is string => message !== undefined)
      .map((message) => ({ path, message }));
  });
}

function fromObject(body: Json): VendorError {
  const messages: string[] = [];
  const fieldErrors: FieldError[] = [];

  // Jira: { errorMessages: [...], errors: { field: msg } }.
  if (Array.isArray(body.errorMessages))
    messages.push(...body.errorMessages.map(entryMessage).filter(isText));
  // OAuth (RFC 6749): { error: 'invalid_grant', error_description: '…' }.
  const oauthCode = text(body.error);
  const description = text(body.error_description);
  if (description) messages.push(oauthCode ? `${oauthCode}: ${description}` : description);
  // Generic { message } (GitHub, GitLab, most), ServiceNow { message, detail }, RFC 9457 problem
  // details { title, detail } (where the detail alone is the useful part).
  const detail = text(body.detail);
  const message = text(body.message)
    ? [text(body.message), detail].filter(isText).join(': ')
    : (detail ?? text(body.title));
  if (message) messages.push(message);
  // { error: { message, detail } } (ServiceNow, Google), or a bare { error: 'code' } (Slack).
  if (isObject(body.error)) {
    const nested = fromObject(body.error);
    if (nested.message) messages.push(nested.message);
    fieldErrors.push(...nested.fieldErrors);
  } else if (oauthCode && !description && messages.length === 0) {
    messages.push(oauthCode);
  }

  if (Array.isArray(body.errors)) {
    for (const entry of body.errors) {
      const entryText = entryMessage(entry);
      const field = entryField(entry);
      if (entryText && field) fieldErrors.push({ path: field, message: entryText });
      else if (entryText) messages.push(entryText);
    }
  } else if (isObject(body.errors)) {
    fieldErrors.push(...fieldMap(body.errors));
  }

  const fieldText = fieldErrors.map((error) => `${error.path}: ${error.message}`);
  const all = [...new Set([...messages, ...fieldText])];
  return { message: all.length ? all.join('; ') : undefined, fieldErrors };
}

/** A text body: JSON that was not parsed, an HTML error page (reduced to its text), or plain text. */
function fromText(raw: string): VendorError {
  const trimmed = raw.trim();
  if (/^[[{]/.test(trimmed)) {
    try {
      return extractVendorError(JSON.parse(trimmed));
    } catch {
      // Not JSON after all: fall through to plain text.
    }
  }
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1];
  const plain = title ?? trimmed.replace(/<[^>]*>/g, ' ');
  return { message: text(plain), fieldErrors: [] };
}

/**
 * Pulls the human-readable message and any per-field errors out of an error response body,
 * whatever shape the vendor uses: `{errors:[…]}`, Jira's `{errorMessages:[…], errors:{field:msg}}`,
 * `{message}`, `{error:{message}}`, OAuth's `{error, error_description}`, problem details
 * `{title, detail}`, JSON:API `{errors:[{detail, source:{pointer}}]}`, HTML or plain text.
 * The message is flattened to one line and truncated; it still needs redacting before use.
 */
export function extractVendorError(body: unknown, maxLength = MAX_VENDOR_MESSAGE_LENGTH): VendorError {
  let result: VendorError;
  if (Buffer.isBuffer(body)) result = fromText(body.toString('utf8'));
  else if (typeof body === 'string') result = fromText(body);
  else if (Array.isArray(body)) result = fromObject({ errors: body });
  else if (isObject(body)) result = fromObject(body);
  else result = { fieldErrors: [] };
  return {
    message: result.message === undefined ? undefined : truncate(result.message, maxLength),
    fieldErrors: result.fieldErrors.map((error) => ({
      path: error.path,
      message: truncate(error.message, maxLength),
    })),
  };
}
