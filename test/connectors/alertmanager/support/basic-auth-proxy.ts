import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A reverse proxy demanding HTTP basic auth in front of an Alertmanager, as sites put one (Alertmanager
 * itself has no auth). Answers 401 without the right credentials; forwards everything else.
 */
export class BasicAuthProxy {
  private readonly server: Server;

  constructor(target: string, username: string, password: string) {
    const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const upstream = new URL(target);
    this.server = createServer((incoming, response) => {
      if (incoming.headers.authorization !== expected) {
        response.writeHead(401, { 'www-authenticate': 'Basic realm="alertmanager"' }).end('Unauthorized');
        incoming.resume();
        return;
      }
      const { authorization: _dropped, ...headers } = incoming.headers;
      const outgoing = forward(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...headers, host: upstream.host },
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      outgoing.on('error', (error) => response.writeHead(502).end(String(error)));
      incoming.pipe(outgoing);
    });
  }

  /** Starts listening on loopback; resolves with the proxy's base URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
