import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An item of the fake tracker, as its list endpoint returns it. */
export interface TrackerItem {
  id: number;
  title: string;
  updatedAt: string;
}

/**
 * A tiny vendor API for runtime tests: `GET /api/me` (auth check), `GET /api/items?since&offset`
 * (paged by 2, inclusive `since`), `GET|POST /api/notes` (create carrying a marker, find by it).
 * Failures can be queued (`failNext(503)`, `failNext(429, { 'retry-after': '1' })`), and answers
 * held (`hold()` … `release()`) to see how many requests a client has in flight at once.
 */
export class FakeTracker {
  readonly items: TrackerItem[] = [];
  readonly notes: { id: number; marker: string; text: string }[] = [];
  readonly requests: string[] = [];
  /** When each of `requests` arrived (epoch ms). */
  readonly arrivedAt: number[] = [];
  /** Authenticated requests being answered now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  #held?: (() => void)[];
  token = 'good-token-9f2c';
  #failures: { status: number; headers: Record<string, string>; method?: string }[] = [];
  #server?: Server;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  /** Holds every answer from now on until {@link release}. */
  hold(): void {
    this.#held ??= [];
  }

  /** Answers the held requests and stops holding. */
  release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const answer of held) answer();
  }

  /** Answers the next `times` requests (of `method`, when given) with `status`. */
  failNext(status: number, headers: Record<string, string> = {}, times = 1, method?: string): void {
    for (let i = 0; i < times; i++) this.#failures.push({ status, headers, method });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push(`${req.method} ${url.pathname}`);
    this.arrivedAt.push(Date.now());
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => resolve(text));
    });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { message: 'invalid token' });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => (this.inFlight -= 1));
    if (this.#held) await new Promise<void>((resolve) => this.#held!.push(resolve));
    const index = this.#failures.findIndex((f) => f.method === undefined || f.method === req.method);
    if (index >= 0) {
      const [failure] = this.#failures.splice(index, 1);
      return send(failure!.status, { message: `scripted ${failure!.status}` }, failure!.headers);
    }

    if (url.pathname === '/api/me') return send(200, { user: 'hub', version: '3.1' });
    if (url.pathname === '/api/items') {
      const since = url.searchParams.get('since') ?? '';
      const offset = Number(url.searchParams.get('offset') ?? '0');
      const matching = this.items
        .filter((item) => item.updatedAt >= since)
        .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id);
      return send(200, { items: matching.slice(offset, offset + 2), total: matching.length });
    }
    if (url.pathname === '/api/notes' && req.method === 'GET') {
      return send(200, {
        notes: this.notes.filter((note) => note.marker === url.searchParams.get('marker')),
      });
    }
    if (url.pathname === '/api/notes' && req.method === 'POST') {
      const input = JSON.parse(body) as { marker: string; text: string };
      const note = { id: this.notes.length + 1, marker: input.marker, text: input.text };
      this.notes.push(note);
      return send(201, note);
    }
    send(404, { message: 'no such route' });
  }
}
