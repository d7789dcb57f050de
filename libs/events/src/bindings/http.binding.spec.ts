import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { createEvent, EventType, fromHttp, toHttpBinary, toHttpStructured, type CloudEvent } from '../index';

function commentEvent(): CloudEvent {
  return createEvent({
    type: EventType.CommentAdded,
    source: '/connectors/servicenow/snow-prod',
    subject: 'ticket:INC0010042',
    time: '2024-05-01T12:10:00Z',
    hopcount: 1,
    dedupkey: 'comment:a1b2',
    data: {
      ticketRef: { system: 'servicenow', instanceId: 'snow-prod', id: 'INC0010042' },
      commentId: 'a1b2',
      visibility: 'public',
      body: 'Déployé à 12:05 — merci !',
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

describe('HTTP binding', () => {
  it('structured mode: the whole event as application/cloudevents+json, read back as it was', () => {
    const event = commentEvent();
    const message = toHttpStructured(event);
    expect(message.headers).toEqual({ 'content-type': 'application/cloudevents+json; charset=utf-8' });
    expect(JSON.parse(message.body)).toEqual(event);
    expect(fromHttp(message.headers, message.body)).toEqual(event);
    expect(fromHttp(message.headers, Buffer.from(message.body))).toEqual(event);
  });

  it('binary mode: ce- headers, content-type from datacontenttype, data as the body', () => {
    const event = commentEvent();
    const message = toHttpBinary(event);
    expect(message.headers).toMatchObject({
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-type': 'io.switchboard.itsm.comment.added.v1',
      'ce-hopcount': '1',
    });
    expect(message.headers['ce-datacontenttype']).toBeUndefined();
    expect(JSON.parse(message.body)).toEqual(event.data);
    expect(fromHttp(message.headers, message.body)).toEqual(event);
  });

  it('binary mode: header names in any case, values percent-decoded, charset=utf-8 accepted', () => {
    const event = { ...commentEvent(), subject: 'ticket "INC0010042" → 100%' };
    const message = toHttpBinary(event);
    expect(message.headers['ce-subject']).toBe('ticket%20%22INC0010042%22%20%E2%86%92%20100%25');
    const headers: Record<string, string | string[]> = { 'Content-Type': 'application/json; charset=UTF-8' };
    for (const [name, value] of Object.entries(message.headers)) {
      if (name !== 'content-type') headers[name.replace(/^ce-/, 'CE-')] = value;
    }
    expect(fromHttp(headers, Buffer.from(message.body))).toEqual(event);
  });

  it('reports an invalid event with the SwitchboardError of validation', () => {
    const message = toHttpBinary(commentEvent());
    const error = thrownBy(() => fromHttp({ ...message.headers, 'ce-source': 'snow' }, message.body));
    expect(error.code).toBe(ErrorCode.Validation);
    expect(error.fieldErrors).toEqual([
      { path: 'source', message: 'must be /connectors/<type>/<instanceId> or /hub/<service>' },
    ]);
  });

  it('rejects a binary body that is not JSON and a non-JSON content type', () => {
    const message = toHttpBinary(commentEvent());
    expect(thrownBy(() => fromHttp(message.headers, '<xml/>')).fieldErrors).toEqual([
      { path: 'data', message: 'the body is not valid JSON' },
    ]);
    expect(
      thrownBy(() => fromHttp({ ...message.headers, 'content-type': 'text/plain' }, message.body))
        .fieldErrors,
    ).toEqual([{ path: 'datacontenttype', message: 'must be application/json' }]);
  });

  it('tells what is wrong with messages that are not CloudEvents', () => {
    expect(thrownBy(() => fromHttp({ 'content-type': 'application/json' }, '{}')).message).toBe(
      'Invalid CloudEvents HTTP message: not a CloudEvent: no ce-specversion header and content-type is not application/cloudevents+json',
    );
    expect(
      thrownBy(() => fromHttp({ 'content-type': 'application/cloudevents-batch+json' }, '[]')).message,
    ).toBe('Invalid CloudEvents HTTP message: batched content mode is not supported');
    expect(thrownBy(() => fromHttp({ 'content-type': 'application/cloudevents+json' }, '[1]')).message).toBe(
      'Invalid CloudEvents HTTP message: a structured-mode body must be a JSON object',
    );
    expect(thrownBy(() => fromHttp({ 'content-type': 'application/cloudevents+json' }, '{"id":')).code).toBe(
      ErrorCode.Validation,
    );
  });

  it('structured mode: accepts data_base64 carrying JSON', () => {
    const event = commentEvent();
    const { data, ...attributes } = event;
    const body = JSON.stringify({
      ...attributes,
      data_base64: Buffer.from(JSON.stringify(data)).toString('base64'),
    });
    expect(fromHttp({ 'content-type': 'application/cloudevents+json' }, body)).toEqual(event);
  });
});
