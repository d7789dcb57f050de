import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { validate as uuidValidate, version as uuidVersion } from 'uuid';
import { createEvent, EventType, validateEvent, type AlertData } from '../index';

const alert: AlertData = { dedupKey: 'fp-1', status: 'triggered', severity: 'critical', title: 'API down' };

describe('createEvent', () => {
  it('fills specversion, a UUIDv7 id, time, datacontenttype and dataschema', () => {
    const before = Date.now();
    const event = createEvent({
      type: EventType.AlertTriggered,
      source: '/connectors/prometheus-alertmanager/am-prod',
      subject: 'fp-1',
      data: alert,
    });
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.any(String),
      source: '/connectors/prometheus-alertmanager/am-prod',
      type: 'io.switchboard.ops.alert.triggered.v1',
      subject: 'fp-1',
      time: expect.any(String),
      datacontenttype: 'application/json',
      dataschema: 'https://schemas.switchboard.dev/events/io.switchboard.ops.alert.triggered.v1.json',
      data: alert,
    });
    expect(uuidValidate(event.id) && uuidVersion(event.id)).toBe(7);
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before - 1);
    expect(validateEvent(event).ok).toBe(true);
  });

  it('gives every event a new id, in creation order', () => {
    const input = { type: EventType.AlertTriggered, source: '/hub/test', subject: 'fp-1', data: alert };
    const ids = Array.from({ length: 50 }, () => createEvent(input).id);
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps a given id and time (re-sending the same event) and the extensions', () => {
    const event = createEvent({
      type: EventType.AlertResolved,
      source: '/hub/orchestrator',
      subject: 'fp-1',
      id: '0190c3f2-7d6e-7a10-8b2a-3f4e5d6c7b8a',
      time: '2024-05-01T12:00:00Z',
      correlationid: 'incident-1',
      hopcount: 2,
      syncmode: 'replay',
      traceparent: undefined,
      data: { ...alert, status: 'resolved' },
    });
    expect(event).toMatchObject({
      id: '0190c3f2-7d6e-7a10-8b2a-3f4e5d6c7b8a',
      time: '2024-05-01T12:00:00Z',
      correlationid: 'incident-1',
      hopcount: 2,
      syncmode: 'replay',
    });
    expect('traceparent' in event).toBe(false);
    expect(Object.keys(event).at(-1)).toBe('data');
  });

  it('refuses an unregistered type without a dataschema', () => {
    const create = () =>
      createEvent({ type: 'io.switchboard.ops.pager.rang.v1', source: '/hub/test', subject: 's', data: {} });
    expect(create).toThrow(SwitchboardError);
    expect(create).toThrow('unknown event type io.switchboard.ops.pager.rang.v1');
    try {
      create();
    } catch (error) {
      expect((error as SwitchboardError).code).toBe(ErrorCode.Validation);
    }
  });
});
