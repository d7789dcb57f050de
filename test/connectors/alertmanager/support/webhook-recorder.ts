import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The parts of an Alertmanager webhook body (version 4) the suites wait on. */
export interface RecordedWebhookBody {
  status: string;
  alerts: { status: string; labels: Record<string, string>; fingerprint: string }[];
}

/** One POST as it arrived. */
export interface RecordedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  receivedAt: Date;
}

/**
 * A node:http server on loopback that records every request and answers it with what `respond`
 * says (200 by default). Waiters poll the record, so a webhook that arrives before anyone waits
 * for it is not lost.
 */
export class WebhookRecorder {
  readonly requests: RecordedWebhook[] = [];
  private readonly server: Server;

  constructor(respond: (request: RecordedWebhook) => Promise<number> | number = () => 200) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const recorded = {
          path: request.url ?? '',
          headers: request.headers,
          rawBody: Buffer.concat(chunks),
          receivedAt: new Date(),
        };
        this.requests.push(recorded);
        Promise.resolve()
          .then(() => respond(recorded))
          .then(
            (status) => response.writeHead(status).end(),
            (error: unknown) => response.writeHead(500).end(String(error)),
          );
      });
    });
  }

  /** Starts listening; resolves with the URL to give Alertmanager. */
  async listen(path = '/hooks/alertmanager'): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** The parsed bodies received so far. */
  get received(): RecordedWebhookBody[] {
    return this.requests.map((r) => JSON.parse(r.rawBody.toString('utf8')) as RecordedWebhookBody);
  }

  /**
   * The first body from index `from` on that matches, waiting for it up to `timeoutMs` (generous:
   * Alertmanager batches by group_wait/group_interval and the suites share two cores).
   */
  async next(
    match: (body: RecordedWebhookBody) => boolean,
    from = 0,
    timeoutMs = 45_000,
  ): Promise<RecordedWebhookBody> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `No matching webhook within ${timeoutMs} ms; received ${JSON.stringify(this.received)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
