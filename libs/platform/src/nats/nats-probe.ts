import { createServer, Socket } from 'node:net';

/** The fields of a NATS `INFO` greeting we rely on. */
export interface NatsServerInfo {
  server_id: string;
  version: string;
  jetstream?: boolean;
}

/**
 * Connects to a NATS port and reads the `INFO` line every NATS server sends first. Resolves
 * undefined when nothing (or something that is not NATS) answers within the timeout.
 */
export function probeNats(
  host: string,
  port: number,
  timeoutMs = 1_000,
): Promise<NatsServerInfo | undefined> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let buffer = '';
    const finish = (info: NatsServerInfo | undefined) => {
      socket.destroy();
      resolve(info);
    };
    socket.setTimeout(timeoutMs, () => finish(undefined));
    socket.once('error', () => finish(undefined));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end < 0) {
        if (buffer.length > 64 * 1024) finish(undefined);
        return;
      }
      const line = buffer.slice(0, end);
      if (!line.startsWith('INFO ')) return finish(undefined);
      try {
        finish(JSON.parse(line.slice(5)) as NatsServerInfo);
      } catch {
        finish(undefined);
      }
    });
    socket.connect(port, host);
  });
}

/**
 * A TCP port that was free a moment ago. Another process may take it before nats-server binds
 * it; the launcher then sees nats-server exit and reports it with the server's log.
 */
export function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}
