import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  startAlertmanagerTestServer,
  type AlertmanagerTestServer,
} from '../support/alertmanager-test-server';

/** One request the sink received. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: WebhookBody;
}

/** The fields of Alertmanager's webhook payload (version 4) this suite looks at. */
interface WebhookBody {
  version: string;
  status: 'firing' | 'resolved';
  receiver: string;
  groupKey: string;
  alerts: { status: string; labels: Record<string, string>; fingerprint: string; endsAt: string }[];
}

/** A node:http server that records every POST and lets the test wait for one that matches. */
class WebhookSink {
  readonly received: Received[] = [];
  private readonly waiters: { match: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        path: request.url ?? '',
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookBody,
      };
      this.received.push(entry);
      for (const waiter of this.waiters.filter((w) => w.match(entry))) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(entry);
      }
      response.writeHead(200).end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/alertmanager/webhook`;
  }

  /** The first request (already received or still to come) that matches; fails after `timeoutMs`. */
  next(match: (r: Received) => boolean, timeoutMs = 30_000): Promise<Received> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no matching webhook within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('Alertmanager test server (real prometheus-alertmanager)', () => {
  const sink = new WebhookSink();
  let alertmanager: AlertmanagerTestServer;

  beforeAll(async () => {
    const webhookUrl = await sink.listen();
    alertmanager = await startAlertmanagerTestServer({
      webhookUrl,
      auth: { type: 'basic', username: 'hub', password: 's3cret:with colon' },
    });
  });

  afterAll(async () => {
    await alertmanager?.stop();
    await sink.close();
  });

  it('delivers a firing and then a resolved webhook with basic auth', async () => {
    const labels = { alertname: 'DiskFull', instance: 'db01:9100', severity: 'critical' };
    await alertmanager.postAlerts([{ labels, annotations: { summary: 'Disk / on db01 is 97% full' } }]);

    const isOurs = (r: Received) => r.body.alerts.some((a) => a.labels.alertname === 'DiskFull');
    const firing = await sink.next((r) => isOurs(r) && r.body.status === 'firing');
    expect(firing.path).toBe('/alertmanager/webhook');
    expect(firing.headers.authorization).toBe(
      `Basic ${Buffer.from('hub:s3cret:with colon').toString('base64')}`,
    );
    expect(firing.body).toMatchObject({ version: '4', status: 'firing', receiver: alertmanager.receiver });
    expect(firing.body.alerts).toEqual([expect.objectContaining({ status: 'firing', labels })]);
    expect(await alertmanager.listAlerts(['alertname="DiskFull"'])).toEqual([
      expect.objectContaining({ labels, status: expect.objectContaining({ state: 'active' }) }),
    ]);

    await alertmanager.resolveAlerts([{ labels }]);
    const resolved = await sink.next((r) => isOurs(r) && r.body.status === 'resolved');
    expect(resolved.body.groupKey).toBe(firing.body.groupKey);
    expect(resolved.body.alerts).toEqual([
      expect.objectContaining({ status: 'resolved', labels, fingerprint: firing.body.alerts[0].fingerprint }),
    ]);
    expect(await alertmanager.listSilences()).toEqual([]);
  });

  it('sends a bearer token when configured so', async () => {
    const other = new WebhookSink();
    const server = await startAlertmanagerTestServer({
      webhookUrl: await other.listen(),
      auth: { type: 'bearer', token: 'tok-123' },
    });
    try {
      await server.postAlerts([{ labels: { alertname: 'CpuHigh', instance: 'app01:9100' } }]);
      const firing = await other.next((r) => r.body.status === 'firing');
      expect(firing.headers.authorization).toBe('Bearer tok-123');
    } finally {
      await server.stop();
      await other.close();
    }
  });
});
