// Throughput of the hot paths on a typical alert event:
//   node -r @swc-node/register libs/events/scripts/validation.bench.ts [milliseconds per case]
import { createEvent, EventType, fromNatsMessage, toNatsMessage, validateEvent } from '../src';

const event = createEvent({
  type: EventType.AlertTriggered,
  source: '/connectors/prometheus-alertmanager/am-prod',
  subject: '5f2c9a1e7b3d4c10',
  correlationid: '0190c3f2-7d6e-7a10-8b2a-3f4e5d6c7b8a',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  partitionkey: '5f2c9a1e7b3d4c10',
  tenantid: 'default',
  hopcount: 0,
  syncmode: 'live',
  data: {
    dedupKey: '5f2c9a1e7b3d4c10',
    episodeId: '0190c3f2-7d6e-7a10-8b2a-3f4e5d6c7b8a',
    status: 'triggered',
    severity: 'high',
    nativeSeverity: 'critical',
    title: 'Disk almost full on db-1',
    description: 'Only **4%** free on `/var/lib/postgresql`.',
    source: 'prometheus',
    resource: { host: 'db-1', service: 'postgres', ciRef: 'ci:db-1' },
    labels: { alertname: 'DiskAlmostFull', instance: 'db-1:9100', severity: 'critical' },
    annotations: { summary: 'Disk almost full', runbook_url: 'https://runbooks.example.com/disk' },
    startsAt: '2024-05-01T11:58:30Z',
    occurrenceCount: 3,
    links: [{ href: 'https://grafana.example.com/d/node/db-1', title: 'Dashboard', kind: 'dashboard' }],
    externalRefs: [{ system: 'prometheus-alertmanager', instanceId: 'am-prod', id: '5f2c9a1e7b3d4c10' }],
  },
});
const invalid = { ...event, data: { ...event.data, severity: 'urgent' } };
const message = toNatsMessage(event);

if (!validateEvent(event).ok || validateEvent(invalid).ok) throw new Error('benchmark fixtures are wrong');

function measure(name: string, run: () => unknown, durationMs: number): void {
  for (let i = 0; i < 2000; i++) run(); // warm-up
  let count = 0;
  let elapsed = 0;
  const start = process.hrtime.bigint();
  while (elapsed < durationMs) {
    for (let i = 0; i < 500; i++) run();
    count += 500;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  console.log(`${name.padEnd(44)} ${Math.round((count / elapsed) * 1000).toLocaleString('en-US')} ops/s`);
}

const durationMs = Number(process.argv[2] ?? 2000);
measure('validateEvent, valid alert', () => validateEvent(event), durationMs);
measure('validateEvent, invalid alert (with errors)', () => validateEvent(invalid), durationMs);
measure('toNatsMessage', () => toNatsMessage(event), durationMs);
measure(
  'fromNatsMessage (decode + validate)',
  () => fromNatsMessage(message.headers, message.data),
  durationMs,
);
