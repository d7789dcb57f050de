import { CloudEvent as SdkCloudEvent, HTTP } from 'cloudevents';
import { createEvent, EventType, fromHttp, toHttpBinary, toHttpStructured, type CloudEvent } from '../index';

// The official CloudEvents JS SDK must read what we send and we must read what it sends.

function alertEvent(): CloudEvent {
  return createEvent({
    type: EventType.AlertTriggered,
    source: '/connectors/prometheus-alertmanager/am-prod',
    subject: 'fp-5f2c9a1e',
    time: '2024-05-01T12:00:00.000Z',
    correlationid: 'incident-881',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    tenantid: 'default',
    hopcount: 2,
    syncmode: 'live',
    data: {
      dedupKey: 'fp-5f2c9a1e',
      status: 'triggered',
      severity: 'critical',
      title: 'API down',
      labels: { alertname: 'ApiDown' },
    },
  });
}

function readBySdk(message: { headers: Record<string, string>; body: string }): SdkCloudEvent<unknown> {
  const read = HTTP.toEvent({ headers: message.headers, body: message.body });
  if (Array.isArray(read)) throw new Error('expected one event');
  return read as SdkCloudEvent<unknown>;
}

describe('interop with the cloudevents SDK', () => {
  it.each([
    ['binary', toHttpBinary],
    ['structured', toHttpStructured],
  ])('the SDK reads our %s-mode events, extensions included', (mode, encode) => {
    const event = alertEvent();
    const read = readBySdk(encode(event));
    expect(read.id).toBe(event.id);
    expect(read.type).toBe(event.type);
    expect(read.source).toBe(event.source);
    expect(read.subject).toBe(event.subject);
    expect(read.specversion).toBe('1.0');
    expect(read.datacontenttype).toBe('application/json');
    expect(read.dataschema).toBe(event.dataschema);
    expect(Date.parse(read.time as string)).toBe(Date.parse(event.time));
    expect(read.data).toEqual(event.data);
    expect(read.correlationid).toBe('incident-881');
    expect(read.traceparent).toBe(event.traceparent);
    expect(read.tenantid).toBe('default');
    expect(read.syncmode).toBe('live');
    // Header values are strings in binary mode; JSON keeps the number in structured mode.
    expect(read.hopcount).toEqual(mode === 'binary' ? '2' : 2);
  });

  function sdkEvent(): SdkCloudEvent<Record<string, unknown>> {
    return new SdkCloudEvent<Record<string, unknown>>({
      id: 'b0f2d6f6-52e1-4c1e-9a0f-3c1d2e4f5a6b',
      type: 'io.switchboard.ops.alert.triggered.v1',
      source: '/connectors/datadog/dd-eu',
      subject: 'monitor-123',
      time: '2024-05-01T12:00:00.000Z',
      datacontenttype: 'application/json',
      dataschema: 'https://schemas.switchboard.dev/events/io.switchboard.ops.alert.triggered.v1.json',
      correlationid: 'incident-9',
      hopcount: 4,
      syncmode: 'backfill',
      data: { dedupKey: 'monitor-123', status: 'triggered', severity: 'high', title: 'Latency p99 > 2s' },
    });
  }

  it.each([
    ['binary', HTTP.binary],
    ['structured', HTTP.structured],
  ])('we read the SDK %s-mode events, extensions included', (_mode, encode) => {
    const sdk = sdkEvent();
    const message = encode(sdk);
    const event = fromHttp(message.headers as Record<string, string>, message.body as string);
    expect(event).toEqual({
      specversion: '1.0',
      id: 'b0f2d6f6-52e1-4c1e-9a0f-3c1d2e4f5a6b',
      type: 'io.switchboard.ops.alert.triggered.v1',
      source: '/connectors/datadog/dd-eu',
      subject: 'monitor-123',
      time: '2024-05-01T12:00:00.000Z',
      datacontenttype: 'application/json',
      dataschema: 'https://schemas.switchboard.dev/events/io.switchboard.ops.alert.triggered.v1.json',
      correlationid: 'incident-9',
      hopcount: 4,
      syncmode: 'backfill',
      data: { dedupKey: 'monitor-123', status: 'triggered', severity: 'high', title: 'Latency p99 > 2s' },
    });
  });
});
