import { type FieldError, SwitchboardError } from '@switchboard/errors';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { type CloudEvent, CONTEXT_ATTRIBUTES } from '../envelope/cloud-event';
import { CloudEventEnvelope, EXTENSION_NAME_PATTERN } from '../envelope/cloud-event.envelope';
import { EVENT_TYPE_PATTERN } from '../envelope/event-type';
import { getEventTypeDefinition } from '../registry';
import { isValidAs } from './compiled-validator';
import { hydrate, isPlainObject } from './instance-hydrator';
import { collectFieldErrors, formatFieldError } from './validation-errors';

/** The outcome of {@link validateEvent}. */
export type EventValidationResult = { ok: true; event: CloudEvent } | { ok: false; errors: FieldError[] };

const CONTEXT_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(CONTEXT_ATTRIBUTES);

const ENVELOPE_OPTIONS: ValidatorOptions = {
  forbidUnknownValues: true,
  validationError: { target: false, value: true },
};

// Same semantics as the hub's global ValidationPipe: unknown properties are errors, not dropped.
const DATA_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: true },
};

function isValidExtension(name: string, value: unknown): boolean {
  return (
    EXTENSION_NAME_PATTERN.test(name) &&
    (typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isInteger(value)))
  );
}

function checkExtension(name: string, value: unknown, errors: FieldError[]): void {
  if (isValidExtension(name, value)) return;
  if (!EXTENSION_NAME_PATTERN.test(name)) {
    errors.push({
      path: name,
      message:
        'property is not allowed (not a context attribute; extension names are lower-case a-z and 0-9)',
    });
  } else {
    errors.push({ path: name, message: 'extension values must be a string, an integer or a boolean' });
  }
}

/** The fast path: a yes/no answer from the compiled class rules, no error objects built. */
export function isValidEvent(input: Record<string, unknown>): boolean {
  for (const key in input) {
    if (key !== 'data' && !CONTEXT_ATTRIBUTE_NAMES.has(key) && !isValidExtension(key, input[key]))
      return false;
  }
  if (isValidAs(CloudEventEnvelope, input, false) !== true) return false;
  const definition = typeof input.type === 'string' ? getEventTypeDefinition(input.type) : undefined;
  const data = input.data;
  return (
    definition !== undefined && isPlainObject(data) && isValidAs(definition.dataClass, data, true) === true
  );
}

/** The slow path: class-validator proper, turned into path-qualified errors. */
export function collectErrors(input: unknown): FieldError[] {
  if (!isPlainObject(input)) return [{ path: '', message: 'an event must be a JSON object' }];
  const errors: FieldError[] = [];
  const extensionErrors: FieldError[] = [];

  const envelope = Object.create(CloudEventEnvelope.prototype) as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (key === 'data') continue;
    if (CONTEXT_ATTRIBUTE_NAMES.has(key)) envelope[key] = input[key];
    else checkExtension(key, input[key], extensionErrors);
  }
  collectFieldErrors(validateSync(envelope, ENVELOPE_OPTIONS), '', errors);
  errors.push(...extensionErrors);

  const type = input.type;
  const definition = typeof type === 'string' ? getEventTypeDefinition(type) : undefined;
  if (!definition && typeof type === 'string' && EVENT_TYPE_PATTERN.test(type)) {
    errors.push({ path: 'type', message: `unknown event type ${type}` });
  }

  const data = input.data;
  if (data === undefined) {
    errors.push({ path: 'data', message: 'is required' });
  } else if (!isPlainObject(data)) {
    errors.push({ path: 'data', message: 'must be an object' });
  } else if (definition) {
    const instance = hydrate(definition.dataClass, data, 'data', errors);
    collectFieldErrors(validateSync(instance, DATA_OPTIONS), 'data', errors);
  }
  return errors;
}

/**
 * Validates an event: the envelope (every CloudEvents attribute and Switchboard extension),
 * unknown extensions (name and value type), and `data` against the class registered for `type`
 * (unknown properties are errors). Never throws; errors are path-qualified, e.g.
 * `{ path: 'data.severity', message: 'must be one of critical, high, medium, low, info' }`.
 * On success, `event` is the input itself (not a copy).
 */
export function validateEvent(input: unknown): EventValidationResult {
  if (typeof input === 'object' && input !== null && sealedValidEvents.has(input))
    return { ok: true, event: input as CloudEvent };
  let errors: FieldError[];
  try {
    if (isPlainObject(input) && isValidEvent(input))
      return { ok: true, event: input as unknown as CloudEvent };
    errors = collectErrors(input);
  } catch (error: unknown) {
    // A validator tripping over a value nobody anticipated is still an invalid event, not a crash.
    const reason = error instanceof Error ? error.message : String(error);
    errors = [{ path: '', message: `could not be validated: ${reason}` }];
  }
  // No errors from class-validator after a "no" from the fast path would mean the two disagree;
  // class-validator decides.
  return errors.length === 0 ? { ok: true, event: input as CloudEvent } : { ok: false, errors };
}

/**
 * {@link validateEvent}, throwing instead: returns the event when valid, otherwise throws a
 * `validation` SwitchboardError whose message lists every error and whose `fieldErrors` carry them.
 */
export function assertValidEvent(input: unknown): CloudEvent {
  const result = validateEvent(input);
  if (result.ok) return result.event;
  const type = isPlainObject(input) && typeof input.type === 'string' ? ` ${input.type}` : '';
  const message = `Invalid event${type}: ${result.errors.map(formatFieldError).join('; ')}`;
  throw SwitchboardError.validation(message, result.errors);
}

// Events that passed validation and were deep-frozen right after: they cannot have changed since,
// so validating them again (the bus does on every publish) is skipped.
const sealedValidEvents = new WeakSet<object>();

/**
 * {@link validateEvent}, and on success deep-freezes the event so it is known valid for good:
 * later validations of the same object (the bus's, on publish) cost nothing. For the hot ingest
 * path, which validates each event to answer 422 and then publishes it. Don't seal an event you
 * still mean to change: frozen is frozen.
 */
export function sealValidEvent(input: unknown): EventValidationResult {
  const result = validateEvent(input);
  if (result.ok && !sealedValidEvents.has(result.event)) {
    deepFreeze(result.event);
    sealedValidEvents.add(result.event);
  }
  return result;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
