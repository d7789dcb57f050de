import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { createEvent, EventType, fromNatsMessage, toNatsMessage, type CloudEvent } from '../index';

function ticketEvent(): CloudEvent {
  return createEvent({
    type: EventType.TicketUpdated,
    source: '/connectors/jira/jira-cloud',
    subject: 'ticket:OPS-1234',
    time: '2024-05-01T12:00:00.123Z',
    correlationid: 'incident-881',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    partitionkey: 'ticket:OPS-1234',
    tenantid: 'default',
    originconnector: 'jira-cloud',
    originchangeid: '10042-1714564330123',
    hopcount: 3,
    baseversion: '7',
    changedfields: 'status,summary',
    syncmode: 'live',
    data: {
      changes: [
        { path: 'status', old: 'open', new: 'in_progress' },
        { path: 'title', old: 'Checkout 502', new: 'Checkout returns 502 – EU «only»' },
      ],
    },
  });
}

function thrownBy(fn: () => unknown): SwitchboardError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SwitchboardError) return error;
    throw error;
  }
  throw new Error('expected a SwitchboardError');
}

describe('NATS binding', () => {
  it('puts every attribute in a ce- header and the data JSON in the body', () => {
    const event = ticketEvent();
    const message = toNatsMessage(event);
    expect(message.headers).toEqual({
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': event.id,
      'ce-source': '/connectors/jira/jira-cloud',
      'ce-type': 'io.switchboard.itsm.ticket.updated.v1',
      'ce-subject': 'ticket:OPS-1234',
      'ce-time': '2024-05-01T12:00:00.123Z',
      'ce-datacontenttype': 'application/json',
      'ce-dataschema': 'https://schemas.switchboard.dev/events/io.switchboard.itsm.ticket.updated.v1.json',
      'ce-correlationid': 'incident-881',
      'ce-traceparent': '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'ce-partitionkey': 'ticket:OPS-1234',
      'ce-tenantid': 'default',
      'ce-originconnector': 'jira-cloud',
      'ce-originchangeid': '10042-1714564330123',
      'ce-hopcount': '3',
      'ce-baseversion': '7',
      'ce-changedfields': 'status,summary',
      'ce-syncmode': 'live',
    });
    expect(JSON.parse(Buffer.from(message.data).toString('utf8'))).toEqual(event.data);
  });

  it('reads back the same event, types restored', () => {
    const event = ticketEvent();
    const message = toNatsMessage(event);
    const decoded = fromNatsMessage(message.headers, message.data);
    expect(decoded).toEqual(event);
    expect(decoded.hopcount).toBe(3);
  });

  it('percent-encodes header values that are not printable ASCII and decodes them back', () => {
    const event = { ...ticketEvent(), subject: 'ticket: «OPS» 100%' };
    const message = toNatsMessage(event);
    expect(message.headers['ce-subject']).toBe('ticket:%20%C2%ABOPS%C2%BB%20100%25');
    expect(fromNatsMessage(message.headers, message.data).subject).toBe('ticket: «OPS» 100%');
  });

  it('carries foreign extensions and reads header names case-insensitively', () => {
    const message = toNatsMessage({ ...ticketEvent(), vendorrank: 'gold' } as CloudEvent);
    const headers = Object.fromEntries(
      Object.entries(message.headers).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect(fromNatsMessage(headers, message.data)).toMatchObject({ vendorrank: 'gold', hopcount: 3 });
  });

  it('rejects a body that is not JSON or not UTF-8, naming the problem', () => {
    const { headers } = toNatsMessage(ticketEvent());
    const notJson = thrownBy(() => fromNatsMessage(headers, new TextEncoder().encode('{"changes": [')));
    expect(notJson.code).toBe(ErrorCode.Validation);
    expect(notJson.fieldErrors).toEqual([{ path: 'data', message: 'the message body is not valid JSON' }]);
    const garbage = thrownBy(() => fromNatsMessage(headers, Uint8Array.from([0xff, 0xfe, 0x00, 0xc3])));
    expect(garbage.fieldErrors).toEqual([{ path: 'data', message: 'the message body is not valid UTF-8' }]);
  });

  it('rejects missing headers with the attributes that are missing', () => {
    const { data } = toNatsMessage(ticketEvent());
    const error = thrownBy(() => fromNatsMessage({}, data));
    expect(error.code).toBe(ErrorCode.Validation);
    expect(error.fieldErrors?.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'specversion: is required',
      'id: is required',
      'source: is required',
      'type: is required',
      'subject: is required',
      'time: is required',
      'datacontenttype: is required',
      'dataschema: is required',
    ]);
  });

  it('rejects an empty body and a hopcount that is not a number', () => {
    const { headers } = toNatsMessage(ticketEvent());
    expect(thrownBy(() => fromNatsMessage(headers, new Uint8Array())).fieldErrors).toEqual([
      { path: 'data', message: 'is required' },
    ]);
    const { data } = toNatsMessage(ticketEvent());
    expect(thrownBy(() => fromNatsMessage({ ...headers, 'ce-hopcount': 'many' }, data)).fieldErrors).toEqual([
      { path: 'hopcount', message: 'must be a non-negative integer' },
    ]);
  });
});
