/**
 * The driver of `bench:pipeline`, in its own process so it shares no event loop with the hub it
 * measures. It serves the fake ticketing endpoint, sends Alertmanager webhooks (one alert each,
 * built from the captured real payload, every one a new alert) to the hub's ingress, and watches
 * the bus for the `hub.command.succeeded` result of each `ticket.create` (the hub's, or the
 * transport floor's): an alert's latency runs from its webhook being sent to its ticket's result
 * event arriving here.
 *
 * IPC: `start` → `ready` (the fake's URL); `run` → `result`.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { startFakeTicketing, type FakeTicketing } from './fake-ticketing';
import { flood, paced, percentile } from './raw-jetstream';
import { FLOOR_RESULT_SUBJECT } from './transport-floor';

export type DriverMessage =
  | { type: 'start'; natsUrl: string; apiKey: string }
  | { type: 'run'; label: string; count: number; ingressUrl: string; token: string; perSecond?: number };

export type DriverAnswer =
  | { type: 'ready'; fakeUrl: string }
  | { type: 'result'; result: PipelineResult }
  | { type: 'error'; error: string };

export interface PipelineResult {
  label: string;
  sent: number;
  /** Tickets whose result event arrived. */
  completed: number;
  /** Webhooks the ingress did not accept (non-202). */
  refused: number;
  /** Refused webhooks by HTTP status, or by the socket error when none came; the driver does not retry them. */
  refusedBy: Record<string, number>;
  /** Tickets the fake was asked to create more than once for one alert (must be 0). */
  duplicates: number;
  seconds: number;
  /** The driver's own CPU time during the run (sending webhooks, serving the fake, watching results). */
  cpuMs: number;
  perSecond: number;
  p50: number;
  p99: number;
}

const FIXTURE = join(__dirname, '../../../connectors/alertmanager/fixtures/webhooks/disk-full-firing.json');
const SUMMARY = /bench alert (\S+)/;
/** How long a run may wait for its last ticket before it reports what it has. */
const DRAIN_TIMEOUT_MS = 180_000;

const template = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
  alerts: { labels: Record<string, string>; annotations: Record<string, string>; [k: string]: unknown }[];
  [k: string]: unknown;
};

let fake: FakeTicketing;
let nc: NatsConnection;
let runs = 0;
/** Alert key → when its webhook was sent; issue id → alert key; per run state. */
let sentAt = new Map<string, number>();
let issueKeys = new Map<string, string>();
let done = new Map<string, number>();
/** Alerts the fake opened a ticket for (a second one would be a duplicate). */
let ticketed = new Set<string>();
let duplicates = 0;
let onProgress: () => void = () => undefined;

function webhook(key: string, n: number): string {
  const alert = structuredClone(template.alerts[0]!);
  alert.labels = { ...alert.labels, instance: `${key}.bench:9100`, run: key };
  alert.annotations = { ...alert.annotations, summary: `bench alert ${key}` };
  alert.fingerprint = (0x1000000000000000n + BigInt(runs * 10_000_000 + n)).toString(16);
  alert.startsAt = new Date(Date.UTC(2026, 11, 1, 10, 0, 0) + runs * 1_000_000 + n).toISOString();
  return JSON.stringify({ ...template, groupKey: `{}:{run="${key}"}`, alerts: [alert] });
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: URL, token: string, body: string): Promise<number | string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function start(natsUrl: string, apiKey: string): Promise<DriverAnswer> {
  fake = await startFakeTicketing(apiKey);
  fake.onCreated = (id, subject) => {
    const key = SUMMARY.exec(subject)?.[1];
    if (!key) return;
    if (ticketed.has(key)) duplicates++;
    ticketed.add(key);
    issueKeys.set(String(id), key);
  };
  nc = await connect({ servers: natsUrl, name: 'bench-pipeline-driver' });
  const decoder = new TextDecoder();
  // A core subscription sees every publish on the subject, as the hub's own watchers do.
  const watch = (error: Error | null, msg: Msg): void => {
    if (error) return;
    const at = performance.now();
    const result = JSON.parse(decoder.decode(msg.data)) as {
      action: string;
      output?: { ticket?: { id: string } };
    };
    if (result.action !== 'ticket.create' || !result.output?.ticket) return;
    const key = issueKeys.get(result.output.ticket.id);
    const sent = key === undefined ? undefined : sentAt.get(key);
    if (key === undefined || sent === undefined || done.has(key)) return;
    done.set(key, at - sent);
    onProgress();
  };
  nc.subscribe('evt.*.hub.command.succeeded', { callback: watch });
  nc.subscribe(FLOOR_RESULT_SUBJECT, { callback: watch });
  return { type: 'ready', fakeUrl: fake.url };
}

async function run(message: Extract<DriverMessage, { type: 'run' }>): Promise<DriverAnswer> {
  runs++;
  sentAt = new Map();
  issueKeys = new Map();
  done = new Map();
  ticketed = new Set();
  duplicates = 0;
  const url = new URL(message.ingressUrl);
  const keys = Array.from({ length: message.count }, (_, i) => `${message.label}-${runs}-${i}`);
  const bodies = keys.map((key, i) => webhook(key, i));
  let refused = 0;
  const refusedBy: Record<string, number> = {};
  let last = 0;
  const all = new Promise<void>((resolve) => {
    onProgress = () => {
      last = performance.now();
      if (done.size >= message.count - refused) resolve();
    };
  });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const publish = message.perSecond === undefined ? flood : paced(message.perSecond);
  await publish(message.count, async (i) => {
    sentAt.set(keys[i]!, performance.now());
    const status = await post(url, message.token, bodies[i]!).catch(
      (error: NodeJS.ErrnoException) => `no answer: ${error.code ?? error.message}`,
    );
    if (status === 202) return;
    refused++;
    refusedBy[status] = (refusedBy[status] ?? 0) + 1;
  });
  if (refused > 0) onProgress();
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, DRAIN_TIMEOUT_MS))]);
  const used = process.cpuUsage(cpu);
  const latencies = [...done.values()].sort((a, b) => a - b);
  const seconds = ((last || performance.now()) - started) / 1000;
  return {
    type: 'result',
    result: {
      label: message.label,
      sent: message.count,
      completed: done.size,
      refused,
      refusedBy,
      duplicates,
      seconds,
      cpuMs: (used.user + used.system) / 1_000,
      perSecond: done.size / seconds,
      p50: percentile(latencies, 50) ?? NaN,
      p99: percentile(latencies, 99) ?? NaN,
    },
  };
}

process.on('message', (message: DriverMessage) => {
  const answer = message.type === 'start' ? start(message.natsUrl, message.apiKey) : run(message);
  answer.then(
    (reply) => process.send!(reply),
    (error: unknown) => process.send!({ type: 'error', error: String(error) } satisfies DriverAnswer),
  );
});
process.on('disconnect', () => {
  void Promise.allSettled([fake?.close(), nc?.close()]).then(() => process.exit(0));
});
