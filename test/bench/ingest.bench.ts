/**
 * `npm run bench:ingest`: Alertmanager webhooks (the captured real payloads, varied per request)
 * POSTed over loopback to the hub's ingress (`POST /hooks/:id`: auth, parse into canonical events,
 * validation, durable publish, 202 after the JetStream ack), against a bare Node HTTP handler that
 * only publishes the same body to JetStream with the same client and answers 202, same server,
 * same run. The load generator (autocannon) runs in its own process. Prints req/s, p50/p99 and
 * the ratio.
 *
 * Env: BENCH_DURATION (seconds per measurement, default 10), BENCH_CONNECTIONS (default 32),
 * NATS_URL (use this server instead of a private one), BENCH_ONLY=switchboard (the ingress alone,
 * for profiling).
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { generateApiKey } from '@switchboard/auth';
import { bootstrapHttpApp } from '@switchboard/platform';
import { HubModule } from '../../apps/hub/src/hub.module';
import { hubEnv, tempDataDir } from '../platform/platform-test-env';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';
import type { LoadJob, LoadResult } from './support/load.worker';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const TOKEN = 'bench-webhook-token-0f3a9c';
const FIXTURES = join(__dirname, '../../connectors/alertmanager/fixtures/webhooks');

interface AlertmanagerPayload {
  alerts: { labels: Record<string, string>; fingerprint: string; startsAt: string }[];
  groupKey: string;
  [key: string]: unknown;
}

/** 2,000 distinct single-alert notifications built from the captured firing payloads. */
function payloads(): string[] {
  const firing = readdirSync(FIXTURES)
    .filter((file) => file.endsWith('-firing.json'))
    .map((file) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as AlertmanagerPayload);
  return Array.from({ length: 2_000 }, (_, i) => {
    const base = firing[i % firing.length]!;
    const alert = structuredClone(base.alerts[0]!);
    alert.labels = { ...alert.labels, instance: `host-${i}.example.org:9100` };
    alert.fingerprint = (0x1000000000000000n + BigInt(i)).toString(16);
    alert.startsAt = new Date(Date.UTC(2026, 11, 1, 10, 0, 0, i)).toISOString();
    return JSON.stringify({ ...base, groupKey: `{}:{instance="host-${i}"}`, alerts: [alert] });
  });
}

function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'support/load.worker.ts'), {
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message: LoadResult | { error: string }) =>
      'error' in message ? reject(new Error(message.error)) : resolve(message),
    );
    child.once('error', reject);
    child.send(job);
  });
}

/** The baseline: read the body, publish it to JetStream, await the ack, answer 202. Nothing else. */
async function bareHandler(natsUrl: string): Promise<{ url: string; close: () => Promise<void> }> {
  const nc = await connect({ servers: natsUrl, name: 'bench-bare' });
  const js = jetstream(nc);
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      js.publish(`evt.bench.ops.alert.raw`, Buffer.concat(chunks), {
        msgID: `bare-${process.pid}-${n++}`,
      }).then(
        () => {
          res.writeHead(202, { 'content-type': 'application/json' });
          res.end('{"accepted":1}');
        },
        () => {
          res.writeHead(503);
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/bare`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await nc.drain();
    },
  };
}

function line(name: string, result: LoadResult): string {
  return `${name.padEnd(34)} ${result.perSecond.toFixed(0).padStart(7)} req/s   p50 ${String(result.p50).padStart(4)} ms   p99 ${String(result.p99).padStart(4)} ms   (${result.requests} requests, non-2xx ${result.non2xx}, errors ${result.errors})`;
}

async function main(): Promise<void> {
  let nats: NatsTestServer | undefined;
  const natsUrl = process.env.NATS_URL ?? (nats = await startNatsTestServer()).url;
  const data = tempDataDir('bench-ingest');
  const admin = generateApiKey().key;
  const bodies = payloads();
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };

  const hub = await bootstrapHttpApp(HubModule, {
    name: 'hub',
    env: hubEnv(data.dir, {
      NATS_URL: natsUrl,
      SWITCHBOARD_BUS: 'nats',
      SWITCHBOARD_ADMIN_KEY: admin,
      LOG_LEVEL: 'warn',
    }),
  });
  try {
    const created = await fetch(`${hub.url}/api/v1/instances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        connectorType: 'alertmanager',
        name: 'bench',
        config: { baseUrl: 'http://127.0.0.1:9093' },
        secrets: { webhookToken: TOKEN },
      }),
    });
    if (created.status !== 201) throw new Error(`creating the instance failed: ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const ingress = `${hub.url}/hooks/${id}`;
    const probe = await fetch(ingress, { method: 'POST', headers, body: bodies[0] });
    if (probe.status !== 202) throw new Error(`the ingress answered ${probe.status}: ${await probe.text()}`);

    const job = (url: string, durationS = DURATION_S): LoadJob => ({
      url,
      headers,
      bodies,
      connections: CONNECTIONS,
      durationS,
    });
    if (process.env.BENCH_ONLY === 'switchboard') {
      // For profiling the ingress alone (node --cpu-prof): no baseline, no ratio.
      console.log(line('Switchboard ingress (alertmanager)', await load(job(ingress))));
      return;
    }
    const bare = await bareHandler(natsUrl);
    console.log(
      `warming up (2 s each), then ${DURATION_S} s per side, ${CONNECTIONS} connections, ${bodies.length} distinct payloads`,
    );
    await load(job(bare.url, 2));
    await load(job(ingress, 2));
    const baseline = await load(job(bare.url));
    await bare.close();
    const switchboard = await load(job(ingress));

    console.log();
    console.log(line('bare Node HTTP + JetStream publish', baseline));
    console.log(line('Switchboard ingress (alertmanager)', switchboard));
    console.log(
      `ratio: ${((100 * switchboard.perSecond) / baseline.perSecond).toFixed(1)}% of the bare baseline's req/s (target >= 50%)`,
    );
    if (switchboard.non2xx > 0 || switchboard.errors > 0)
      console.log(`WARNING: the ingress answered non-2xx or failed: ${JSON.stringify(switchboard.statuses)}`);
  } finally {
    await hub.close();
    data.remove();
    await nats?.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
