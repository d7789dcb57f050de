import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import {
  assertValidEvent,
  createEvent,
  EventType,
  formatFieldError,
  sealValidEvent,
  validateEvent,
  type CloudEvent,
} from '../index';
import { validCorpus } from '../__fixtures__/corpus';
import { mutationsOf } from '../__fixtures__/mutations';
import { collectErrors, isValidEvent } from './event-validator';

function alertEvent(data: Record<string, unknown> = {}): CloudEvent<Record<string, unknown>> {
  return createEvent<Record<string, unknown>>({
    type: EventType.AlertTriggered,
    source: '/connectors/prometheus-alertmanager/am-prod',
    subject: 'fp-1',
    time: '2024-05-01T12:00:00Z',
    data: { dedupKey: 'fp-1', status: 'triggered', severity: 'high', title: 'Disk almost full', ...data },
  });
}

function errorsOf(input: unknown): string[] {
  const result = validateEvent(input);
  return result.ok ? [] : result.errors.map(formatFieldError);
}

describe('validateEvent', () => {
  it('accepts a valid event and returns the very same object', () => {
    const event = alertEvent();
    const result = validateEvent(event);
    expect(result).toEqual({ ok: true, event });
    expect(result.ok && result.event).toBe(event);
  });

  it('reports every faulty property with its path', () => {
    const event = alertEvent({
      severity: 'urgent',
      resource: { host: 7 },
      links: [{ href: 'https://grafana.example.com', title: '' }, 'https://x.example.com'],
      labels: { replicas: 3 },
    });
    expect(errorsOf(event)).toEqual([
      'data.severity: must be one of critical, high, medium, low, info',
      'data.resource.host: must be a string',
      'data.labels: value of "replicas" must be a string',
      'data.links[0].title: must not be empty',
      'data.links[1]: must be an object',
    ]);
  });

  it('names the unknown type instead of guessing a schema', () => {
    const event = { ...alertEvent(), type: 'io.switchboard.ops.alert.exploded.v1' };
    expect(errorsOf(event)).toEqual(['type: unknown event type io.switchboard.ops.alert.exploded.v1']);
  });

  it('rejects unknown data properties, including prototype-looking ones', () => {
    // As a webhook body parsed with JSON.parse carries them: own properties named __proto__ and constructor.
    const json = JSON.stringify(alertEvent()).replace(
      '"dedupKey"',
      '"__proto__": {"polluted": true}, "constructor": "x", "extra": 1, "dedupKey"',
    );
    expect(errorsOf(JSON.parse(json))).toEqual([
      'data.__proto__: property is not allowed',
      'data.constructor: property is not allowed',
      'data.extra: property is not allowed',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts foreign CloudEvents extensions but not invalid attribute names or structured values', () => {
    const event = { ...alertEvent(), vendorrank: 3, vendorflag: false, vendornote: 'n' };
    expect(errorsOf(event)).toEqual([]);
    expect(errorsOf({ ...event, 'Vendor-Rank': 3, vendorinfo: { a: 1 }, vendorscore: 0.5 })).toEqual([
      'Vendor-Rank: property is not allowed (not a context attribute; extension names are lower-case a-z and 0-9)',
      'vendorinfo: extension values must be a string, an integer or a boolean',
      'vendorscore: extension values must be a string, an integer or a boolean',
    ]);
  });

  it('treats null as a wrong value, not as an omitted optional property', () => {
    expect(errorsOf(alertEvent({ description: null }))).toEqual(['data.description: must be a string']);
    expect(errorsOf({ ...alertEvent(), correlationid: null })).toEqual(['correlationid: must be a string']);
  });

  it('requires changes on ticket updates and validates each change', () => {
    const base = {
      type: EventType.TicketUpdated,
      source: '/connectors/jira/jira-cloud',
      subject: 'ticket:OPS-1',
    };
    expect(errorsOf(createEvent({ ...base, data: { status: 'open' } }))).toEqual([
      'data.changes: is required',
    ]);
    expect(errorsOf(createEvent({ ...base, data: { changes: [{ path: 'status', old: 'open' }] } }))).toEqual([
      'data.changes[0].new: is required',
    ]);
    expect(
      errorsOf(createEvent({ ...base, data: { changes: [{ path: 'status', old: null, new: 'open' }] } })),
    ).toEqual([]);
  });

  it('quotes property names that are not identifiers', () => {
    const event = createEvent({
      type: EventType.CloudResourceObserved,
      source: '/connectors/aws/aws-prod',
      subject: 'cloud:i-1',
      data: { 'cloud.provider': 'aws', 'cloud.resource_id': 'i-1', kind: 'vm', 'cloud.region': 5 },
    });
    expect(errorsOf(event)).toEqual(['data["cloud.region"]: must be a string']);
  });

  it.each([
    ['null', null],
    ['a string', 'event'],
    ['an array', [alertEvent()]],
    ['a number', 42],
  ])('never throws on %s', (_what, input) => {
    expect(errorsOf(input)).toEqual(['an event must be a JSON object']);
  });

  it('lists every missing required attribute of an empty object', () => {
    expect(errorsOf({})).toEqual([
      'specversion: is required',
      'id: is required',
      'source: is required',
      'type: is required',
      'subject: is required',
      'time: is required',
      'datacontenttype: is required',
      'dataschema: is required',
      'data: is required',
    ]);
  });

  it('gives the same verdict on its fast path as class-validator on thousands of mutated events', () => {
    const disagreements = mutationsOf(validCorpus)
      .filter(([, event]) => isValidEvent(event) !== (collectErrors(event).length === 0))
      .map(([description]) => description);
    expect(disagreements).toEqual([]);
  });
});

describe('assertValidEvent', () => {
  it('returns a valid event', () => {
    const event = alertEvent();
    expect(assertValidEvent(event)).toBe(event);
  });

  it('throws a validation SwitchboardError listing every error', () => {
    const event = alertEvent({ severity: 'urgent', title: '' });
    let thrown: unknown;
    try {
      assertValidEvent(event);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SwitchboardError);
    const error = thrown as SwitchboardError;
    expect(error.code).toBe(ErrorCode.Validation);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'Invalid event io.switchboard.ops.alert.triggered.v1: data.severity: must be one of critical, high, medium, low, info; data.title: must not be empty',
    );
    expect(error.fieldErrors).toEqual([
      { path: 'data.severity', message: 'must be one of critical, high, medium, low, info' },
      { path: 'data.title', message: 'must not be empty' },
    ]);
  });
});

describe('sealValidEvent', () => {
  const valid = () =>
    createEvent({
      type: 'io.switchboard.ops.alert.triggered.v1',
      source: '/connectors/alertmanager/am1',
      subject: 'fp-1',
      data: {
        dedupKey: 'fp-1',
        status: 'triggered',
        severity: 'high',
        title: 'Disk full',
        labels: { a: 'b' },
      },
    });

  it('deep-freezes a valid event so it can never become invalid, and leaves an invalid one alone', () => {
    const event = valid();
    expect(sealValidEvent(event).ok).toBe(true);
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen((event.data as { labels: object }).labels)).toBe(true);
    expect(() => {
      (event.data as { severity: string }).severity = 'apocalyptic';
    }).toThrow(TypeError);
    expect(validateEvent(event).ok).toBe(true);

    const invalid = { ...valid(), data: { dedupKey: 'x' } };
    expect(sealValidEvent(invalid).ok).toBe(false);
    expect(Object.isFrozen(invalid)).toBe(false);
  });
});
